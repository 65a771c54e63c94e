// The admin API's jobs (service/admin/API.md): a job's detail, its heatmap previews, cancel and
// retry.
#include <gtest/gtest.h>
#include <zlib.h>

#include <vector>

#include "admin_api_fixture.h"
#include "service/admin/api/job_documents.h"
#include "service/admin/pages/jobs_page.h"

namespace everynet::service::admin {
namespace {

using nlohmann::json;

TEST_F(AdminApiTest, AJobsDetailHasThinnedLossesResultsPreviewsAndItsLog) {
  const auto job_id = queuedJob();
  ASSERT_TRUE(index_->jobs.claimNext(2050, {"personal-wgan"}));
  for (int iteration = 1; iteration <= 1100; ++iteration) {
    index_->jobs.recordTrainingIteration(job_id, iteration / 1100.0,
                                         {iteration, -1.0 * iteration, 2.0 * iteration}, 10, 2060);
  }
  index_->jobs.requeue(job_id, 2090);
  succeed(job_id, 9);

  const auto jobs = get("/api/v1/jobs")["jobs"];
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["id"], job_id);
  EXPECT_EQ(jobs[0]["method"], "personal-wgan");
  EXPECT_EQ(jobs[0]["state"], "succeeded");
  EXPECT_EQ(jobs[0]["patient_ref"], patient_ref_);
  EXPECT_EQ(jobs[0]["rano"], "progression");
  EXPECT_EQ(jobs[0]["rano_reason"], "volume ratio 1.425 (+42.5%)");
  EXPECT_EQ(jobs[0]["change_percent"], 42.5);
  EXPECT_EQ(jobs[0]["attempts"], 2);
  EXPECT_EQ(jobs[0]["interruptions"], 0) << "stopped with the service, not interrupted";
  EXPECT_EQ(jobs[0]["finished_at"], 2500);
  EXPECT_EQ(jobs[0]["error"], nullptr);

  const auto job = get("/api/v1/jobs/" + std::to_string(job_id));
  for (const auto& key : jobs[0].items()) EXPECT_EQ(job[key.key()], key.value()) << key.key();
  EXPECT_EQ(job["reason"], "follow-up T1ce");
  EXPECT_EQ(job["baseline_series_uid"], "1.2.10.1");
  EXPECT_EQ(job["report"]["rano"]["class"], "progression");
  const auto& losses = job["losses"];
  ASSERT_EQ(losses["iteration"].size(), kMaxLossPoints);
  EXPECT_EQ(losses["critic"].size(), kMaxLossPoints);
  EXPECT_EQ(losses["iteration"].front(), 1);
  EXPECT_EQ(losses["iteration"].back(), 1100);
  EXPECT_EQ(losses["generator"].back(), 2200.0);
  EXPECT_EQ(job["results"], json({{"heatmaps", 9}, {"reports", 0}, {"segmentations", 0}}));
  const std::string prefix = "/api/v1/jobs/" + std::to_string(job_id) + "/previews/";
  EXPECT_EQ(job["previews"], json({prefix + "2.png", prefix + "3.png", prefix + "4.png",
                                   prefix + "5.png", prefix + "6.png"}));
  ASSERT_FALSE(job["log"].empty());
  EXPECT_EQ(job["log"][0]["message"], "started on cpu (attempt 2)");
  EXPECT_EQ(job["can_retry"], false);
  EXPECT_EQ(job["can_cancel"], false);
  EXPECT_EQ(call("GET", "/api/v1/jobs/77").status, 404);
}

// A report that gives no class: the list carries "not assessable" with the reason, for the page
// to show as a caution.
TEST_F(AdminApiTest, AJobWhoseClassIsNotAssessableListsTheReason) {
  const auto job_id = queuedJob();
  ASSERT_TRUE(index_->jobs.claimNext(2050, {"personal-wgan"}));
  index_->jobs.complete(job_id,
                        {R"({"rano": {"class": "not assessable",
                                      "reason": "no measurable enhancing tumour found on the baseline"},
                             "change_percent": null})",
                         std::nullopt,
                         {},
                         {},
                         {}},
                        2500);
  const auto jobs = get("/api/v1/jobs")["jobs"];
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["rano"], "not assessable");
  EXPECT_EQ(jobs[0]["rano_reason"], "no measurable enhancing tumour found on the baseline");
  EXPECT_EQ(jobs[0]["change_percent"], nullptr);
}

TEST_F(AdminApiTest, APreviewIsTheHeatmapOfThatSliceAsPng) {
  const auto job_id = queuedJob();
  succeed(job_id, 3);
  const auto response = call("GET", "/api/v1/jobs/" + std::to_string(job_id) + "/previews/1.png");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "image/png");
  const std::string& png = response.body;
  ASSERT_GT(png.size(), 33u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n"));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  const auto be32 = [&](std::size_t at) {
    return (std::uint32_t(std::uint8_t(png[at])) << 24) |
           (std::uint32_t(std::uint8_t(png[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(png[at + 2])) << 8) | std::uint8_t(png[at + 3]);
  };
  EXPECT_EQ(be32(16), std::uint32_t(kPreviewWidth));
  EXPECT_EQ(be32(20), std::uint32_t(kPreviewHeight));
  // The one IDAT chunk follows IHDR (8 + 25 bytes): inflated, rows of filter byte 0 + RGB.
  ASSERT_EQ(png.substr(37, 4), "IDAT");
  const std::uint32_t idat_length = be32(33);
  std::vector<Bytef> rows((kPreviewWidth * 3 + 1) * kPreviewHeight);
  uLongf rows_size = rows.size();
  ASSERT_EQ(uncompress(rows.data(), &rows_size, reinterpret_cast<const Bytef*>(png.data() + 41),
                       idat_length),
            Z_OK);
  ASSERT_EQ(rows_size, rows.size());
  for (int y = 0; y < kPreviewHeight; ++y) {
    const auto* row = rows.data() + y * (kPreviewWidth * 3 + 1);
    EXPECT_EQ(row[0], 0);
    for (int x = 0; x < kPreviewWidth; ++x) {
      for (int c = 0; c < 3; ++c) EXPECT_EQ(row[1 + 3 * x + c], pixelByte(1, x, y, c));
    }
  }
  EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");

  const auto job = "/api/v1/jobs/" + std::to_string(job_id);
  EXPECT_EQ(call("GET", job + "/previews/0.png").status, 200);
  EXPECT_EQ(call("GET", job + "/previews/3.png").status, 404);
  EXPECT_EQ(call("GET", job + "/previews/-1.png").status, 404);
  EXPECT_EQ(call("GET", job + "/previews/1.gif").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/jobs/99/previews/1.png").status, 404);
}

TEST_F(AdminApiTest, AQueuedJobIsCancelledThenRetriedAndConflictsAre409) {
  const auto job_id = queuedJob();
  const auto path = "/api/v1/jobs/" + std::to_string(job_id);
  auto response = call("POST", path + "/cancel");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json::parse(response.body)["state"], "cancelled");
  EXPECT_EQ(json::parse(response.body)["can_retry"], true);
  response = call("POST", path + "/cancel");
  EXPECT_EQ(response.status, 409);
  EXPECT_TRUE(json::parse(response.body).contains("error"));

  response = call("POST", path + "/retry");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json::parse(response.body)["state"], "queued");
  EXPECT_EQ(wakes_, 1) << "the workers are woken";
  EXPECT_EQ(call("POST", path + "/retry").status, 409) << "a queued job";

  ASSERT_TRUE(index_->jobs.claimNext(3000, {"personal-wgan"}));
  response = call("POST", path + "/cancel");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body)["state"], "running");
  EXPECT_EQ(json::parse(response.body)["cancel_requested"], true);
  EXPECT_EQ(json::parse(response.body)["can_cancel"], false);
  EXPECT_TRUE(index_->jobs.cancelRequested(job_id));

  EXPECT_EQ(call("POST", "/api/v1/jobs/999/cancel").status, 404);
  EXPECT_EQ(call("POST", "/api/v1/jobs/999/retry").status, 404);
  EXPECT_EQ(call("POST", "/api/v1/jobs/x/retry").status, 404);
  EXPECT_EQ(call("GET", path + "/retry").status, 405);
}

TEST_F(AdminApiTest, EachMethodOfAPairIsAJobOfItsOwnWithItsOwnStateAndCancel) {
  const auto personal = queuedJob();
  ASSERT_TRUE(index_->jobs.enqueue(patient_ref_, "1.2.10.1", "1.2.20.1", "registration-subtraction",
                                   "follow-up T1ce", 2001));
  const auto classical = index_->jobs.jobs().back().id;
  ASSERT_TRUE(index_->jobs.claimNext(2050, {"registration-subtraction"}));
  index_->jobs.recordStarted(classical, "cpu", 2050);

  const auto jobs = get("/api/v1/jobs")["jobs"];
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0]["id"], classical) << "newest first";
  EXPECT_EQ(jobs[0]["method"], "registration-subtraction");
  EXPECT_EQ(jobs[0]["state"], "running");
  EXPECT_EQ(jobs[1]["method"], "personal-wgan");
  EXPECT_EQ(jobs[1]["state"], "queued");
  const auto running = get("/api/v1/status")["running_jobs"];
  ASSERT_EQ(running.size(), 1u);
  EXPECT_EQ(running[0]["method"], "registration-subtraction");
  EXPECT_EQ(get("/api/v1/jobs/" + std::to_string(classical))["method"], "registration-subtraction");

  const auto response = call("POST", "/api/v1/jobs/" + std::to_string(personal) + "/cancel");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json::parse(response.body)["method"], "personal-wgan");
  EXPECT_EQ(json::parse(response.body)["state"], "cancelled");
  EXPECT_EQ(index_->jobs.job(classical)->state, storage::JobState::running)
      << "the pair's other method goes on";
  EXPECT_FALSE(index_->jobs.cancelRequested(classical));
}

// A training in a cluster's queue: its run and why it waits, in the API and on the pages made of
// it, until it runs and ends.
TEST_F(AdminApiTest, AWaitingJobCarriesItsTrainingRunAndWhyItWaits) {
  const auto job_id = queuedJob();
  const auto path = "/api/v1/jobs/" + std::to_string(job_id);
  EXPECT_EQ(get(path)["training_run"], nullptr);
  EXPECT_EQ(get(path)["waiting"], nullptr);
  ASSERT_TRUE(index_->jobs.claimNext(2050, {"personal-wgan"}));
  index_->jobs.recordTrainingRun(job_id, "slurm:42");
  index_->jobs.recordTrainingWait(job_id, "Slurm job 42 is pending: Resources");

  const auto jobs = get("/api/v1/jobs")["jobs"];
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["training_run"], "slurm:42");
  EXPECT_EQ(jobs[0]["waiting"], "Slurm job 42 is pending: Resources");
  const auto job = get(path);
  EXPECT_EQ(job["training_run"], "slurm:42");
  EXPECT_EQ(job["waiting"], "Slurm job 42 is pending: Resources");

  const PageContext context{"admin", "token", "/"};
  const auto page = renderJobPage(job, context);
  EXPECT_NE(page.find("<p class=\"waiting\">waiting: Slurm job 42 is pending: Resources</p>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("<dt>Training run</dt><dd>Slurm job 42</dd>"), std::string::npos) << page;
  EXPECT_NE(renderJobsPage({{"jobs", jobs}}, context)
                .find("<td>waiting: Slurm job 42 is pending: Resources</td>"),
            std::string::npos);
  EXPECT_EQ(get("/api/v1/status")["running_jobs"][0]["waiting"],
            "Slurm job 42 is pending: Resources");

  index_->jobs.recordTrainingWait(job_id, "");
  EXPECT_EQ(get(path)["waiting"], nullptr) << "it runs";
  EXPECT_EQ(get(path)["training_run"], "slurm:42");
  EXPECT_EQ(renderJobPage(get(path), context).find("waiting:"), std::string::npos);
  index_->jobs.finish(job_id, storage::JobState::failed, "Slurm job 42 ended: TIMEOUT", 2100);
  EXPECT_EQ(get(path)["training_run"], nullptr) << "a retry submits anew";
}

TEST(AdminJobDocuments, LossPointsAreSpreadEvenlyWithFirstAndLast) {
  EXPECT_EQ(evenlySpreadPositions(3, 5), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(evenlySpreadPositions(9, 3), (std::vector<std::size_t>{0, 4, 8}));
  EXPECT_EQ(evenlySpreadPositions(10, 4), (std::vector<std::size_t>{0, 3, 6, 9}));
  EXPECT_TRUE(evenlySpreadPositions(0, 4).empty());
}

TEST(AdminJobDocuments, PreviewsAreTheMiddleSliceAndThoseAroundIt) {
  EXPECT_EQ(previewSlices(0), std::vector<int>{});
  EXPECT_EQ(previewSlices(2), (std::vector<int>{0, 1}));
  EXPECT_EQ(previewSlices(6), (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(previewSlices(176), (std::vector<int>{86, 87, 88, 89, 90}));
}

}  // namespace
}  // namespace everynet::service::admin
