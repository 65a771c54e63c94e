// Text from the network that is not valid where it goes, sent to a running service (issue 26):
// a patient name with bytes its character set does not allow, bytes where a VR belongs, an AE
// title with a line break and a terminal escape. The admin API keeps answering valid JSON,
// `everynet jobs --json` keeps working, the log keeps one line per entry with such bytes escaped,
// and the node keeps answering C-ECHO.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "admin_password.h"
#include "service_fixture.h"
#include "tests/support/mr_series_writer.h"
#include "tests/support/raw_dicom_client.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;

const std::string kPassword = "hostile-text-password";
// 0xFF and 0xFE are never part of UTF-8, which the series declares (ISO_IR 192).
const std::string kInvalidUtf8Name = "M\xC3\xBCller\xFF\xFE^Anna";
const std::string kInvalidUtf8NameReplaced = "M\xC3\xBCller\uFFFD\uFFFD^Anna";
// 13 bytes: fits an AE title's 16.
const std::string kHostileAe = "HOST\n\x1B[31mILE";
const std::string kHostileAeEscaped = "HOST\\x0A\\x1B[31mILE";

struct HttpAnswer {
  int status = 0;
  std::string body;
};

class HostileTextTest : public ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    setAdminConfig(adminConfigWithPassword(kPassword));
  }

  // curl with the test's cookie jar; the status code from -w, the body from a file.
  HttpAnswer curl(const std::string& path, const std::vector<std::string>& options = {}) {
    const auto body_file = dir() / "curl-body";
    const auto jar = (dir() / "cookies.txt").string();
    std::vector<std::string> argv{
        "curl", "-sS", "-b", jar, "-c", jar, "-o", body_file.string(), "-w", "%{http_code}"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back("http://127.0.0.1:" + std::to_string(adminPort()) + path);
    const auto result = runCommand(argv, 30s);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    HttpAnswer answer;
    answer.status = std::atoi(result.output.c_str());
    if (std::filesystem::exists(body_file)) answer.body = readFile(body_file);
    return answer;
  }

  void signIn() {
    const auto answer = curl("/login", {"--data-urlencode", "password=" + kPassword});
    ASSERT_EQ(answer.status, 303) << answer.body;
  }

  // An admin API document; the test fails unless it came with 200 and is valid JSON (the parser
  // refuses invalid UTF-8 too).
  nlohmann::json api(const std::string& path) {
    const auto answer = curl(path);
    EXPECT_EQ(answer.status, 200) << path << ": " << answer.body;
    auto document = nlohmann::json::parse(answer.body, nullptr, false);
    EXPECT_FALSE(document.is_discarded()) << path << ": " << answer.body;
    return document;
  }

  // Issue 26: the node answers another association within 2 s throughout.
  void expectEchoWithinTwoSeconds() {
    const auto started = std::chrono::steady_clock::now();
    const auto echoed = echo();
    EXPECT_EQ(echoed.exit_code, 0) << echoed.output;
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  }

  // The service log holds neither raw terminal escapes nor bytes that are not UTF-8.
  void expectCleanLog() {
    const auto log = serviceLog();
    EXPECT_EQ(log.find('\x1B'), std::string::npos) << log;
    EXPECT_EQ(log.find('\xFF'), std::string::npos) << log;
  }
};

TEST_F(HostileTextTest, ANameInvalidInItsCharacterSetLeavesTheApiAndJobsJsonWorking) {
  MrSeriesSpec spec;
  spec.patient.name = kInvalidUtf8Name;
  spec.series_description = "t1 \xFE KM";
  spec.slices = 4;
  writeMrSeries(spec, dir() / "study");
  startService();
  const auto sent = store({dir() / "study"});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  expectEchoWithinTwoSeconds();
  ASSERT_TRUE(waitUntilAllSeriesDecided(60s));
  signIn();

  const auto patients = api("/api/v1/patients")["patients"];
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(patients[0]["patient_name"], kInvalidUtf8NameReplaced);
  const auto patient = api("/api/v1/patients/" + patients[0]["id"].dump());
  EXPECT_EQ(patient["timepoints"][0]["series"][0]["series_description"], "t1 \uFFFD KM");
  EXPECT_EQ(curl("/patients").status, 200);

  const auto jobs = jobsJson();  // fails the test unless `everynet jobs --json` exits 0
  ASSERT_EQ(jobs["series"].size(), 1u);
  EXPECT_EQ(jobs["series"][0]["series_description"], "t1 \uFFFD KM");
  expectCleanLog();
}

TEST_F(HostileTextTest, WarningsThatQuoteNetworkBytesLeaveTheStatusWorking) {
  startService();
  // Bytes that are no VR, sent as they are: storescu would have re-encoded them as UN.
  const auto e = Encoding::explicit_little;
  const std::string sop_instance = std::string(uid::kTestRoot) + ".26.5.1";
  const std::string dataset =
      element(e, {0x0008, 0x0016}, "UI", uidValue(uid::kMrImageStorage)) +
      element(e, {0x0008, 0x0018}, "UI", uidValue(sop_instance)) +
      element(e, {0x0008, 0x103E}, "\xFF\xFE", textValue("t1 KM")) +
      element(e, {0x0010, 0x0010}, "PN", textValue("DOE^JOHN")) +
      element(e, {0x0020, 0x000D}, "UI", uidValue(std::string(uid::kTestRoot) + ".26.5")) +
      element(e, {0x0020, 0x000E}, "UI", uidValue(std::string(uid::kTestRoot) + ".26.5.2"));
  {
    RawDicomClient client(port());
    AssociationProposal proposal;
    proposal.contexts = {{1, uid::kMrImageStorage, {uid::kExplicitVrLittleEndian}}};
    ASSERT_EQ(client.associate(proposal).kind, NodeAnswer::Kind::associated);
    const auto stored = client.store(1, uid::kMrImageStorage, sop_instance, dataset);
    EXPECT_EQ(stored.kind, NodeAnswer::Kind::responded) << describe(stored);
    client.release();
  }
  // A called AE title that is not UTF-8 is refused with a warning that quotes it.
  const auto refused = runCommand({"echoscu", "-aet", kScuAeTitle, "-aec", "\xFF\xFE\x1B[2J",
                                   "127.0.0.1", std::to_string(port())},
                                  10s);
  EXPECT_NE(refused.exit_code, 0) << refused.output;
  expectEchoWithinTwoSeconds();

  signIn();
  const auto status = api("/api/v1/status");
  bool quoted_escaped = false;
  for (const auto& line : status["recent_errors"]) {
    quoted_escaped |=
        line["message"].get<std::string>().find("'\\xFF\\xFE\\x1B[2J'") != std::string::npos;
  }
  EXPECT_TRUE(quoted_escaped) << "the recent errors quote the AE title escaped: " << status.dump();
  EXPECT_NE(serviceLog().find("calling '\\xFF\\xFE\\x1B[2J'"), std::string::npos) << serviceLog();
  expectCleanLog();
}

TEST_F(HostileTextTest, AnAeTitleWithALineBreakAndATerminalEscapeIsRefusedAndShownEscaped) {
  startService();
  const auto refused = echo(kHostileAe);
  EXPECT_NE(refused.exit_code, 0) << "refused as calling AE title not recognised\n"
                                  << refused.output;
  expectEchoWithinTwoSeconds();

  const auto log = serviceLog();
  EXPECT_NE(log.find("refused association from '" + kHostileAeEscaped + "'"), std::string::npos)
      << log;
  EXPECT_EQ(log.find("HOST\n"), std::string::npos) << "the log line was split:\n" << log;
  expectCleanLog();

  signIn();
  bool shown = false;
  const auto associations = api("/api/v1/associations")["associations"];
  for (const auto& association : associations) {
    if (association["calling_ae"] == kHostileAeEscaped) {
      shown = true;
      EXPECT_TRUE(association["outcome"].get<std::string>().starts_with("refused"))
          << association.dump();
    }
  }
  EXPECT_TRUE(shown) << "the refused association is listed with its AE title escaped:\n"
                     << associations.dump();
  const auto page = curl("/associations");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(kHostileAeEscaped), std::string::npos) << page.body;
}

}  // namespace
}  // namespace everynet::test
