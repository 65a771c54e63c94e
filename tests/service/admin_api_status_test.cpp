// The admin API's health check, status document and Prometheus metrics (service/admin/API.md),
// and the recent log the dashboard shows.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <regex>
#include <set>
#include <sstream>

#include "admin_api_fixture.h"
#include "service/admin/api/metrics.h"
#include "service/unix_time.h"

namespace everynet::service::admin {
namespace {

using nlohmann::json;

TEST_F(AdminApiTest, HealthzAnswersOkWhileTheIndexAnswers) {
  const auto response = call("GET", "/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body), json({{"status", "ok"}}));
}

TEST_F(AdminApiTest, HealthzIsDegradedBelowAFreeSpaceWatermarkAndOkOnceSpaceIsFreed) {
  free_bytes_ = std::uint64_t{900} << 20;
  const auto low = call("GET", "/healthz");
  EXPECT_EQ(low.status, 503);
  const auto body = json::parse(low.body);
  EXPECT_EQ(body["status"], "degraded");
  EXPECT_EQ(body["disk"], json({{"state", "below_min_free"},
                                {"free_bytes", std::uint64_t{900} << 20},
                                {"min_free_bytes", std::uint64_t{1024} << 20},
                                {"index_reserve_bytes", std::uint64_t{64} << 20}}));
  EXPECT_NE(body["problem"].get<std::string>().find(
                "free space 900.0 MB is below storage.min_free_mb (1024.0 MB)"),
            std::string::npos)
      << body;
  const auto status = get("/api/v1/status");
  EXPECT_EQ(status["disk"]["state"], "below_min_free");
  EXPECT_EQ(status["disk"]["problem"], body["problem"]);
  EXPECT_EQ(status["disk"]["min_free_bytes"], std::uint64_t{1024} << 20);

  free_bytes_ = std::uint64_t{10} << 20;
  EXPECT_EQ(json::parse(call("GET", "/healthz").body)["disk"]["state"], "below_index_reserve");

  free_bytes_ = std::uint64_t{2} << 30;
  const auto freed = call("GET", "/healthz");
  EXPECT_EQ(freed.status, 200);
  EXPECT_EQ(json::parse(freed.body), json({{"status", "ok"}}));
  EXPECT_EQ(get("/api/v1/status")["disk"]["problem"], nullptr);
}

TEST_F(AdminApiTest, MetricsShowTheWatermarksAndWhetherTheSpaceIsBelowThem) {
  EXPECT_NE(metricsText(context_).find("\neverynet_disk_space_low 0\n"), std::string::npos);
  free_bytes_ = std::uint64_t{900} << 20;
  const auto text = metricsText(context_);
  EXPECT_NE(text.find("\neverynet_disk_space_low 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\neverynet_disk_min_free_bytes 1073741824\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\neverynet_disk_index_reserve_bytes 67108864\n"), std::string::npos) << text;
}

TEST_F(AdminApiTest, StatusCountsTodayAndShowsJobsExportsDiskAndRecentErrors) {
  queuedJob();  // one instance long ago, one now
  index_->ingest.recordAssociationStart({0, "PACS", "EVERYNET", "127.0.0.1", unixNow(), {}, 0, ""});
  recent_log_.add({1795000000.0, "error", "cannot send to pacs"});
  const auto status = get("/api/v1/status");
  EXPECT_EQ(status["ae_title"], "EVERYNET");
  EXPECT_EQ(status["dicom_port"], 11112);
  EXPECT_FALSE(status["version"].get<std::string>().empty());
  EXPECT_EQ(status["instances_today"], 1);
  EXPECT_EQ(status["associations_today"], 1);
  EXPECT_EQ(status["open_associations"], 1);
  EXPECT_EQ(
      status["jobs"],
      json({{"queued", 1}, {"running", 0}, {"succeeded", 0}, {"failed", 0}, {"cancelled", 0}}));
  EXPECT_TRUE(status["running_jobs"].empty());
  EXPECT_EQ(status["devices"], json({"cpu"}));
  EXPECT_EQ(status["disk"]["path"], dir_.path().string());
  EXPECT_GT(status["disk"]["free_bytes"].get<double>(), 0);
  EXPECT_GE(status["disk"]["total_bytes"], status["disk"]["free_bytes"]);
  ASSERT_EQ(status["exports"].size(), 1u);
  EXPECT_EQ(status["exports"][0], json({{"destination", "pacs"},
                                        {"pending", 0},
                                        {"due", 0},
                                        {"sent", 0},
                                        {"failed", 0},
                                        {"next_attempt_at", nullptr}}));
  ASSERT_EQ(status["recent_errors"].size(), 1u);
  EXPECT_EQ(status["recent_errors"][0]["message"], "cannot send to pacs");
  EXPECT_EQ(status["recent_errors"][0]["level"], "error");
}

TEST_F(AdminApiTest, MetricsAreWellFormedPrometheusText) {
  const auto job_id = queuedJob();
  succeed(job_id, 1);
  // A destination name that needs escaping in a label value.
  index_->exports.enqueue(job_id, {"1.2.20.1.1"}, {"pacs", "we\"ird\\"}, 2000);
  for (const auto& due : index_->exports.due("pacs", 2000, 10)) {
    index_->exports.recordFailure(due.id, "refused", {1, 1, 3}, 2001);
  }
  index_->ingest.recordRefusedAssociation(
      {0, "EVIL", "EVERYNET", "10.0.0.9", 1700, 1700, 0, "refused: calling AE title not allowed"});

  const auto response = call("GET", "/metrics");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/plain; version=0.0.4; charset=utf-8");
  const std::regex sample(
      R"re(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.eE+]+|NaN|\+Inf|-Inf))re");
  const std::regex comment(R"re(# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) .+)re");
  std::map<std::string, double> values;
  std::set<std::string> typed;
  std::istringstream lines(response.body);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (std::regex_match(line, match, comment)) {
      if (match[1] == "TYPE") typed.insert(match[2]);
      continue;
    }
    ASSERT_TRUE(std::regex_match(line, match, sample)) << "not a sample line: " << line;
    values[line.substr(0, line.rfind(' '))] = std::stod(match[5]);
  }
  EXPECT_EQ(values["everynet_instances_stored_total"], 3);
  EXPECT_EQ(values["everynet_associations_total{outcome=\"refused\"}"], 1);
  EXPECT_EQ(values["everynet_jobs{state=\"succeeded\"}"], 1);
  EXPECT_EQ(values["everynet_job_queue_length"], 0);
  EXPECT_EQ(values["everynet_job_duration_seconds_count"], 1);
  EXPECT_EQ(values["everynet_job_duration_seconds_sum"], 400);
  EXPECT_EQ(values["everynet_export_failed_attempts_total{destination=\"pacs\"}"], 1);
  EXPECT_EQ(values["everynet_exports_pending{destination=\"pacs\"}"], 1);
  EXPECT_EQ(values["everynet_exports_pending{destination=\"we\\\"ird\\\\\"}"], 1);
  EXPECT_GT(values["everynet_disk_free_bytes{path=\"" + dir_.path().string() + "\"}"], 0);
  for (const auto& family : {"everynet_instances_stored_total", "everynet_jobs",
                             "everynet_job_duration_seconds", "everynet_exports_failed"}) {
    EXPECT_TRUE(typed.count(family)) << family;
  }
  EXPECT_EQ(escapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

TEST(RecentLogTest, KeepsTheLatestWarningsAndErrorsOfTheDefaultLogger) {
  const auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("recent-log-test"));
  const auto log = attachRecentLog(2);
  spdlog::info("not kept");
  spdlog::warn("first {}", 1);
  spdlog::error("second");
  spdlog::critical("third");
  const auto lines = log->lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].message, "third");
  EXPECT_EQ(lines[0].level, "critical");
  EXPECT_EQ(lines[1].message, "second");
  EXPECT_EQ(lines[1].level, "error");
  EXPECT_NEAR(lines[1].at, unixNow(), 60);
  spdlog::set_default_logger(previous);
}

TEST(RecentLogTest, KeepsLinesAsValidUtf8) {
  const auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("recent-log-test"));
  const auto log = attachRecentLog(2);
  spdlog::warn("VR '{}'", "\xFF\xFE");
  EXPECT_EQ(log->lines().at(0).message, "VR '\uFFFD\uFFFD'");
  spdlog::set_default_logger(previous);
}

}  // namespace
}  // namespace everynet::service::admin
