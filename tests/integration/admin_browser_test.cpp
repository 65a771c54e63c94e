// The admin web in headless Chromium: signing in through the form, the dashboard with its
// figures (refreshed by admin.js under the server's CSP), the page of a job the service ran with
// its RANO class, loss curves and heatmap previews, and a failed job retried from its page (a
// scripted POST with the CSRF token). Screenshots go to the build's test-artifacts folder.
//
// The finished job is real: a phantom pair sent to the service and analysed with the test
// profile. The failed one is real up to its training: the service queues the job, is killed,
// and the job is ended in the index the way the worker would end a failure.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>

#include "admin_password.h"
#include "service_fixture.h"
#include "storage/stores.h"
#include "tests/support/chromium_driver.h"
#include "tests/support/test_study.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const std::string kPassword = "browser-test-password";

// Installed in every document: collects the Content-Security-Policy violations the page causes
// (an inline script or style, an asset from elsewhere) so that the test can demand none.
constexpr const char* kCspViolationRecorder =
    "window.cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', (event) =>"
    "  window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));";

std::string oneDecimal(const char* format, const nlohmann::json& number) {
  char text[64];
  std::snprintf(text, sizeof text, format, number.get<double>());
  return text;
}

double now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class AdminBrowserTest : public ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    setAdminConfig(adminConfigWithPassword(kPassword));
    // The personal WGAN, whose job page has the most to show: losses as it trains.
    setExtraConfig(kPersonalWganEngineConfig);
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(adminPort()) + path;
  }

  // Sends a two-timepoint patient until the service has queued its job, kills the service, lets
  // `end` write the job's end as the worker would and starts the service again. Returns the job
  // id.
  std::int64_t jobEndedInTheIndex(
      const std::function<void(storage::Stores&, std::int64_t job_id)>& end) {
    TestStudyOptions options;
    options.distractors = false;
    options.t1ce_slices = 16;  // the fewest an analysis accepts
    const auto patient = writeTwoTimepointPatient(dir() / "patient", options);
    startService();
    for (const auto& timepoint : {patient.baseline, patient.followup}) {
      const auto sent = store({timepoint.directory});
      EXPECT_EQ(sent.exit_code, 0) << sent.output;
    }
    EXPECT_TRUE(waitUntil([&] { return !indexedJobs().empty(); }, 60s)) << serviceLog();
    killService();

    std::int64_t job_id = 0;
    {
      auto index = std::make_unique<storage::Stores>(dataDir() / "index.sqlite",
                                                     storage::Database::Access::read_write);
      index->jobs.recoverInterrupted(3, now());
      const auto job = index->jobs.claimNext(now(), {"registration-subtraction", "personal-wgan"});
      EXPECT_TRUE(job) << "the job the service queued";
      if (job) {
        job_id = job->id;
        end(*index, job_id);
      }
    }
    startService();
    return job_id;
  }

  static void recordLosses(storage::Stores& index, std::int64_t job_id, int iterations) {
    for (int i = 1; i <= iterations; ++i) {
      const storage::JobLossRecord losses{i, 5.0 - 0.2 * i, -10.0 + 0.5 * i};
      index.jobs.recordTrainingIteration(job_id, 0.05 * i, losses, 10.0 * (20 - i), now());
    }
  }

  // A fresh browser signed in through the login form, on the dashboard.
  std::unique_ptr<ChromiumDriver> signedInBrowser() {
    auto browser = std::make_unique<ChromiumDriver>(dir());
    browser->addScriptOnNewDocument(kCspViolationRecorder);
    browser->navigate(url("/"));
    EXPECT_EQ(browser->evaluate("location.pathname"), "/login") << "no session yet";
    browser->evaluate("document.querySelector('input[type=password]').value = '" + kPassword +
                      "'; document.querySelector('form').submit(); true");
    EXPECT_TRUE(
        browser->waitFor("location.pathname === '/' && document.readyState === 'complete' && "
                         "document.body.dataset.page === 'dashboard'",
                         20s))
        << browser->evaluate("document.body.innerText");
    return browser;
  }

  static void expectNoCspViolations(ChromiumDriver& browser) {
    EXPECT_EQ(browser.evaluate("window.cspViolations"), nlohmann::json::array())
        << browser.evaluate("location.pathname");
  }

  static void saveScreenshot(ChromiumDriver& browser, const std::string& name) {
    const fs::path folder = EVERYNET_TEST_ARTIFACTS_DIR;
    fs::create_directories(folder);
    const auto file = folder / name;
    std::ofstream(file, std::ios::binary) << browser.screenshotPng();
    std::cout << "screenshot: " << file.string() << '\n';
    EXPECT_GT(fs::file_size(file), 1000u);
  }

  // A job the service ran, with what the index and the sent pair say about it.
  struct RanJob {
    std::int64_t id = 0;
    std::string method;
    nlohmann::json report;
    std::map<storage::ResultKind, int> result_counts;
    std::size_t results = 0;  // result instances stored
    std::size_t losses = 0;   // training iterations recorded
    std::size_t sent = 0;     // instances of the pair sent
  };

  RanJob ranJob(const nlohmann::json& job, const nlohmann::json& truth) {
    RanJob ran{job["id"], job["method"], job["report"], {}, 0, 0, 0};
    {
      auto index = std::make_unique<storage::Stores>(dataDir() / "index.sqlite",
                                                     storage::Database::Access::read_only);
      ran.result_counts = index->reads.jobResultCounts(ran.id);
      ran.losses = index->reads.jobLosses(ran.id).size();
    }
    for (const auto& [kind, count] : ran.result_counts) ran.results += count;
    for (const std::string visit : {"baseline", "followup"}) {
      const auto series = phantomDir() / truth[visit]["t1ce_series_folder"].get<std::string>();
      for (const auto& entry : fs::directory_iterator(series)) ran.sent += entry.is_regular_file();
    }
    return ran;
  }

  // The dashboard's figures, styled by admin.css and refreshed by admin.js.
  static void expectDashboard(ChromiumDriver& browser, const RanJob& ran) {
    const auto figure = [&](const std::string& field) {
      return browser.evaluate("document.querySelector('[data-field=\"" + field +
                              "\"]').textContent");
    };
    // The results the service stored count as instances received today, beside the pair.
    EXPECT_EQ(figure("instances_today"), std::to_string(ran.sent + ran.results));
    EXPECT_EQ(figure("jobs.succeeded"), "1");
    EXPECT_EQ(browser.evaluate("getComputedStyle(document.querySelector('header')).display"),
              "flex")
        << "admin.css applies";
    const auto as_of = figure("now").get<std::string>();
    EXPECT_TRUE(browser.waitFor(
        "document.querySelector('[data-field=\"now\"]').textContent !== '" + as_of + "'", 12s))
        << "admin.js refreshes the dashboard from /api/v1/status";
    EXPECT_EQ(figure("instances_today"), std::to_string(ran.sent + ran.results))
        << "after the refresh";
    expectNoCspViolations(browser);
    saveScreenshot(browser, "admin-dashboard.png");
  }

  // The job's page: its report, loss curves, results and heatmap previews.
  void expectJobPage(ChromiumDriver& browser, const RanJob& ran) const {
    browser.navigate(url("/jobs/" + std::to_string(ran.id)));
    EXPECT_EQ(browser.evaluate("document.querySelector('h1').textContent"),
              "Job " + std::to_string(ran.id));
    const auto fact = [&](const std::string& label) {
      return browser.evaluate(
          "[...document.querySelectorAll('.report dt')].find((dt) => "
          "dt.textContent === '" +
          label + "')?.nextElementSibling.textContent");
    };
    const auto& report = ran.report;
    const auto heatmap_count = ran.result_counts.find(storage::ResultKind::heatmap);
    const int heatmaps = heatmap_count == ran.result_counts.end() ? 0 : heatmap_count->second;
    EXPECT_EQ(fact("RANO class"), report["rano"]["class"]);
    const auto& volumes = report["volumes_ml"];
    EXPECT_EQ(fact("Follow-up volume"), oneDecimal("%.1f mL", volumes["followup"]));
    EXPECT_EQ(fact("Change"), oneDecimal("%.1f mL", volumes["net_change"]) + " (" +
                                  oneDecimal("%+.1f %%", report["change_percent"]) + ")");
    EXPECT_EQ(browser.evaluate("document.querySelectorAll('svg.loss-chart path.curve').length"), 2);
    EXPECT_EQ(browser.evaluate("document.querySelector('svg.loss-critic path.curve')"
                               ".getAttribute('d').split(/[ML]/).length - 1"),
              ran.losses);
    EXPECT_EQ(browser.evaluate("[...document.querySelectorAll('p.detail')].map((p) => "
                               "p.textContent).find((text) => text.startsWith('Results of '))"),
              "Results of " + ran.method + ": " + std::to_string(heatmaps) +
                  " heatmap(s), 1 report(s), 1 segmentation(s)");
    EXPECT_EQ(browser.evaluate("[...document.querySelectorAll('.overview dt')].find((dt) => "
                               "dt.textContent === 'Method')?.nextElementSibling.textContent"),
              ran.method);
    // Every heatmap preview the page shows is a PNG the browser could decode.
    EXPECT_TRUE(
        browser.waitFor("document.querySelectorAll('.previews img').length > 0 && "
                        "[...document.querySelectorAll('.previews img')].every("
                        "(img) => img.complete && img.naturalWidth > 0)",
                        10s))
        << browser.evaluate("document.querySelector('main').innerHTML");
    EXPECT_EQ(browser.evaluate("document.querySelectorAll('form.action').length"), 0)
        << "a succeeded job can be neither retried nor cancelled";
    expectNoCspViolations(browser);
    saveScreenshot(browser, "admin-job.png");
  }

  // The patient's page, reached from the job's: both timepoints, their chosen series, the job.
  static void expectPatientPage(ChromiumDriver& browser, const RanJob& ran) {
    browser.navigate(
        browser.evaluate("document.querySelector('main a[href^=\"/patients/\"]').href"));
    EXPECT_EQ(browser.evaluate("document.querySelectorAll('.timeline .timepoint').length"), 2);
    EXPECT_EQ(browser.evaluate("document.querySelectorAll('tr.chosen').length"), 2)
        << "each timepoint's T1ce series is marked as chosen";
    EXPECT_EQ(browser.evaluate("document.querySelector('main a[href^=\"/jobs/\"]').textContent"),
              "Job " + std::to_string(ran.id));
    expectNoCspViolations(browser);
    saveScreenshot(browser, "admin-patient.png");
  }
};

TEST_F(AdminBrowserTest, SignsInAndShowsTheDashboardAndAJobTheServiceRan) {
  const auto truth = writePhantom();
  startService();
  sendPhantomPair(truth);
  const auto job = waitForJobEnd(300s);
  ASSERT_EQ(job["state"], "succeeded") << job.dump(2) << serviceLog();
  const RanJob ran = ranJob(job, truth);
  ASSERT_GT(ran.losses, 1u);
  const auto browser = signedInBrowser();
  expectDashboard(*browser, ran);
  expectJobPage(*browser, ran);
  expectPatientPage(*browser, ran);
}

TEST_F(AdminBrowserTest, AFailedJobIsRetriedFromItsPage) {
  const auto job_id = jobEndedInTheIndex([](storage::Stores& index, std::int64_t job_id) {
    recordLosses(index, job_id, 5);
    index.jobs.finish(job_id, storage::JobState::failed, "training diverged <b>at 5</b>", now());
  });
  ASSERT_NE(job_id, 0);
  const auto browser = signedInBrowser();
  browser->navigate(url("/jobs/" + std::to_string(job_id)));

  EXPECT_EQ(browser->evaluate("document.querySelector('.state').textContent"), "failed");
  EXPECT_EQ(browser->evaluate("document.querySelector('.error').textContent"),
            "training diverged <b>at 5</b>")
      << "the error as text, not markup";
  EXPECT_EQ(browser->evaluate("document.querySelectorAll('form.action').length"), 1);
  EXPECT_EQ(browser->evaluate("document.querySelector('form.action button').textContent"), "Retry");
  saveScreenshot(*browser, "admin-failed-job.png");

  browser->evaluate("document.querySelector('form.action button').click(); true");
  EXPECT_TRUE(browser->waitFor(
      "['queued', 'running'].includes(document.querySelector('.state')?.textContent)", 15s))
      << browser->evaluate("document.body.innerText");
  EXPECT_EQ(browser->evaluate("document.querySelector('form.action button').textContent"), "Cancel")
      << "a queued or running job can be cancelled, not retried";
  expectNoCspViolations(*browser);
}

}  // namespace
}  // namespace everynet::test
