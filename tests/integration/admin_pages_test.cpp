// The admin pages over HTTP, as curl sees them after signing in: a patient whose name and series
// description carry HTML is listed and shown escaped, never as markup; unknown ids give 404.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "admin_password.h"
#include "service_fixture.h"
#include "tests/support/mr_series_writer.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;

const std::string kPassword = "pages-test-password";
const std::string kHostileName = "<script>alert(1)</script>&\"'";
const std::string kHostileNameEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;";
const std::string kHostileDescription = "<img src=x onerror=alert(2)>";
const std::string kHostileDescriptionEscaped = "&lt;img src=x onerror=alert(2)&gt;";

struct HttpAnswer {
  int status = 0;
  std::string body;
};

class AdminPagesTest : public ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    setAdminConfig(adminConfigWithPassword(kPassword));
  }

  // curl with the test's cookie jar; the status code from -w, the body from a file.
  HttpAnswer curl(const std::string& path, const std::vector<std::string>& options = {}) {
    const auto body_file = dir() / "curl-body";
    std::vector<std::string> argv{
        "curl", "-sS", "-b", jar(), "-c", jar(), "-o", body_file.string(), "-w", "%{http_code}"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back("http://127.0.0.1:" + std::to_string(adminPort()) + path);
    const auto result = runCommand(argv, 30s);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    HttpAnswer answer;
    answer.status = std::atoi(result.output.c_str());
    if (std::filesystem::exists(body_file)) answer.body = readFile(body_file);
    return answer;
  }

  std::string jar() const { return (dir() / "cookies.txt").string(); }

  void signIn() {
    const auto answer = curl("/login", {"--data-urlencode", "password=" + kPassword});
    ASSERT_EQ(answer.status, 303) << answer.body;
  }

  void expectNoRawHostileMarkup(const HttpAnswer& answer) {
    EXPECT_EQ(answer.body.find("<script>alert"), std::string::npos);
    EXPECT_EQ(answer.body.find("<img src=x"), std::string::npos);
  }
};

TEST_F(AdminPagesTest, APatientNameWithHtmlIsShownEscaped) {
  MrSeriesSpec spec;
  spec.patient.name = kHostileName;
  spec.series_description = kHostileDescription;
  spec.slices = 6;
  writeMrSeries(spec, dir() / "study");
  startService();
  const auto sent = store({dir() / "study"});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  ASSERT_TRUE(waitUntilAllSeriesDecided(60s));

  EXPECT_EQ(curl("/patients").status, 303) << "pages send a browser without a session to /login";
  signIn();

  const auto patients = curl("/patients");
  ASSERT_EQ(patients.status, 200);
  EXPECT_NE(patients.body.find(kHostileNameEscaped), std::string::npos) << patients.body;
  expectNoRawHostileMarkup(patients);

  std::smatch link;
  ASSERT_TRUE(std::regex_search(patients.body, link, std::regex("href=\"(/patients/[0-9]+)\"")));
  const auto patient = curl(link[1].str());
  ASSERT_EQ(patient.status, 200);
  EXPECT_NE(patient.body.find("<title>" + kHostileNameEscaped), std::string::npos);
  EXPECT_NE(patient.body.find(kHostileDescriptionEscaped), std::string::npos) << patient.body;
  EXPECT_NE(patient.body.find("2024-01-15"), std::string::npos) << "the study date";
  expectNoRawHostileMarkup(patient);

  const auto dashboard = curl("/");
  ASSERT_EQ(dashboard.status, 200);
  EXPECT_NE(dashboard.body.find("data-field=\"instances_today\" data-format=\"number\">6<"),
            std::string::npos)
      << dashboard.body;

  EXPECT_EQ(curl("/patients/999999").status, 404);
  EXPECT_EQ(curl("/jobs/999999").status, 404);
  const auto not_a_number = curl("/jobs/%3Cb%3E");
  EXPECT_EQ(not_a_number.status, 404);
  EXPECT_NE(not_a_number.body.find("Job &lt;b&gt; does not exist."), std::string::npos)
      << not_a_number.body;
  for (const char* page : {"/jobs", "/exports", "/associations", "/config"}) {
    EXPECT_EQ(curl(page).status, 200) << page;
  }
}

TEST_F(AdminPagesTest, TheStylesheetAndScriptComeFromTheBinary) {
  startService();
  signIn();
  const auto css = curl("/assets/admin.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_NE(css.body.find("nav ul"), std::string::npos);
  const auto js = curl("/assets/admin.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_NE(js.body.find("/api/v1/status"), std::string::npos);
}

}  // namespace
}  // namespace everynet::test
