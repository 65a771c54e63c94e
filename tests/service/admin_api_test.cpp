// The admin web's JSON API, /metrics and /healthz (service/admin/API.md), called through the
// routes' handlers over an index populated through its own methods.
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "service/admin/api/api_routes.h"
#include "service/admin/api/job_documents.h"
#include "service/admin/api/metrics.h"
#include "service/admin/recent_log.h"
#include "service/ingest/open_associations.h"
#include "service/unix_time.h"
#include "storage/file_store.h"
#include "storage/stores.h"
#include "tests/support/temp_dir.h"

namespace everynet::service::admin {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kPreviewWidth = 4;
constexpr int kPreviewHeight = 3;

// The colour of pixel (x, y) of heatmap `slice`: every byte differs, so a mix-up shows.
std::uint8_t pixelByte(int slice, int x, int y, int channel) {
  return static_cast<std::uint8_t>(slice * 50 + y * 12 + x * 3 + channel);
}

Config testConfig(const fs::path& data_dir) {
  Config config;
  config.storage.data_dir = data_dir;
  config.destinations = {{"pacs", "ORTHANC", "10.0.0.5", 4242}};
  config.admin.password_hash = "secret-hash";
  config.admin.tls_key = "/etc/everynet/key.pem";
  return config;
}

class AdminApiTest : public ::testing::Test {
 protected:
  AdminApiTest()
      : config_(testConfig(dir_.path())),
        index_(std::make_unique<storage::Stores>(dir_.path() / "index.sqlite",
                                                 storage::Database::Access::read_write)),
        files_(dir_.path()),
        context_{config_,    index_->reads,      index_->jobs,         index_->exports,
                 files_,     open_associations_, [this] { ++wakes_; }, {"cpu"},
                 recent_log_} {
    registerApiRoutes(router_, context_);
  }

  HttpResponse call(const std::string& method, const std::string& path,
                    const std::string& body = "",
                    const std::map<std::string, std::string>& query = {}) {
    bool method_allowed = true;
    const auto match = router_.match(method, path, method_allowed);
    if (!match) return {method_allowed ? 404 : 405, "text/plain", "no route", {}};
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.query = query;
    request.params = match->params;
    request.body = body;
    request.principal = "admin";
    return (*match->handler)(request);
  }
  json get(const std::string& path) {
    const auto response = call("GET", path);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    EXPECT_EQ(response.content_type, "application/json");
    return json::parse(response.body);
  }

  storage::IncomingInstance instance(const std::string& study, const std::string& series,
                                     int number, double received_at) {
    storage::IncomingInstance in;
    in.patient = {"P1", "", "DOE^JANE", "19700101"};
    in.study = {"1.2." + study, study == "10" ? "20260101" : "20260301", "120000", "", "MR Brain"};
    in.series_instance_uid = "1.2." + study + "." + series;
    in.series.modality = "MR";
    in.series.series_description = "T1 MPRAGE post";
    in.series.series_number = 7;
    in.sop_instance_uid = in.series_instance_uid + "." + std::to_string(number);
    in.sop_class_uid = UID_MRImageStorage;
    in.transfer_syntax_uid = UID_LittleEndianExplicitTransferSyntax;
    in.instance_number = number;
    in.file_path = "instances/" + in.sop_instance_uid + ".dcm";
    in.received_at = received_at;
    return in;
  }

  // A patient with two timepoints and a queued job between them; returns the job id.
  std::int64_t queuedJob() {
    index_->ingest.addInstance(instance("10", "1", 1, 1000));
    const auto series_ref =
        index_->ingest.addInstance(instance("20", "1", 1, unixNow())).series_ref;
    patient_ref_ = index_->timelines.timelineOfSeries(series_ref).patient_ref;
    index_->jobs.enqueue(patient_ref_, "1.2.10.1", "1.2.20.1", "follow-up T1ce", 2000);
    return index_->jobs.jobs().back().id;
  }

  // An RGB Secondary Capture of kPreviewWidth x kPreviewHeight at `relative` in the data dir.
  void writeHeatmapFile(const std::string& relative, int slice) {
    DcmFileFormat format;
    DcmDataset& d = *format.getDataset();
    char uid[100];
    d.putAndInsertString(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
    d.putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid));
    d.putAndInsertUint16(DCM_Rows, kPreviewHeight);
    d.putAndInsertUint16(DCM_Columns, kPreviewWidth);
    d.putAndInsertUint16(DCM_SamplesPerPixel, 3);
    d.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
    d.putAndInsertUint16(DCM_PlanarConfiguration, 0);
    d.putAndInsertUint16(DCM_BitsAllocated, 8);
    d.putAndInsertUint16(DCM_BitsStored, 8);
    d.putAndInsertUint16(DCM_HighBit, 7);
    d.putAndInsertUint16(DCM_PixelRepresentation, 0);
    std::vector<Uint8> pixels;
    for (int y = 0; y < kPreviewHeight; ++y) {
      for (int x = 0; x < kPreviewWidth; ++x) {
        for (int c = 0; c < 3; ++c) pixels.push_back(pixelByte(slice, x, y, c));
      }
    }
    d.putAndInsertUint8Array(DCM_PixelData, pixels.data(), pixels.size());
    fs::create_directories((dir_.path() / relative).parent_path());
    ASSERT_TRUE(format.saveFile((dir_.path() / relative).c_str(), EXS_LittleEndianExplicit).good());
  }

  // Runs the job to success with `heatmaps` heatmaps (written as files) and a report.
  void succeed(std::int64_t job_id, int heatmaps) {
    ASSERT_TRUE(index_->jobs.claimNext(2100));
    index_->jobs.recordStarted(job_id, "cpu", 2100);
    storage::JobCompletion completion{
        R"({"rano": {"class": "progression"}, "change_percent": 42.5})", 3.2, {}};
    for (int slice = heatmaps - 1; slice >= 0; --slice) {
      auto heatmap = instance("20", "900", slice + 1, 2400);
      heatmap.sop_class_uid = UID_SecondaryCaptureImageStorage;
      writeHeatmapFile(heatmap.file_path, slice);
      index_->ingest.addInstance(heatmap);
      completion.results.push_back({heatmap.sop_instance_uid, storage::ResultKind::heatmap});
    }
    index_->jobs.complete(job_id, completion, 2500);
  }

  everynet::test::TempDir dir_;
  Config config_;
  std::unique_ptr<storage::Stores> index_;
  storage::FileStore files_;
  OpenAssociations open_associations_;
  RecentLog recent_log_{10};
  int wakes_ = 0;
  AdminContext context_;
  Router router_;
  std::int64_t patient_ref_ = 0;
};

TEST_F(AdminApiTest, HealthzAnswersOkWhileTheIndexAnswers) {
  const auto response = call("GET", "/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body), json({{"status", "ok"}}));
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

TEST_F(AdminApiTest, PatientsAndAPatientsTimeline) {
  const auto job_id = queuedJob();
  const auto patients = get("/api/v1/patients")["patients"];
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(patients[0]["id"], patient_ref_);
  EXPECT_EQ(patients[0]["patient_name"], "DOE^JANE");
  EXPECT_EQ(patients[0]["identity_conflict"], nullptr);
  EXPECT_EQ(patients[0]["timepoints"], 2);
  EXPECT_EQ(patients[0]["jobs"], 1);
  EXPECT_EQ(patients[0]["last_study_date"], "20260301");

  const auto patient = get("/api/v1/patients/" + std::to_string(patient_ref_));
  EXPECT_EQ(patient["patient_id"], "P1");
  ASSERT_EQ(patient["timepoints"].size(), 2u);
  const auto& first = patient["timepoints"][0];
  EXPECT_EQ(first["study_date"], "20260101");
  EXPECT_EQ(first["study_description"], "MR Brain");
  ASSERT_EQ(first["series"].size(), 1u);
  EXPECT_EQ(first["series"][0]["series_instance_uid"], "1.2.10.1");
  EXPECT_EQ(first["series"][0]["state"], "receiving");
  EXPECT_EQ(first["series"][0]["is_t1ce"], nullptr) << "undecided until complete";
  EXPECT_EQ(first["series"][0]["chosen_for_timepoint"], false);
  EXPECT_EQ(patient["job_list"], json::array({{{"id", job_id},
                                               {"state", "queued"},
                                               {"baseline_study_date", "20260101"},
                                               {"followup_study_date", "20260301"}}}));

  EXPECT_EQ(call("GET", "/api/v1/patients/999").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/patients/abc").status, 404);
}

TEST_F(AdminApiTest, AJobsDetailHasThinnedLossesResultsPreviewsAndItsLog) {
  const auto job_id = queuedJob();
  ASSERT_TRUE(index_->jobs.claimNext(2050));
  for (int iteration = 1; iteration <= 1100; ++iteration) {
    index_->jobs.recordTrainingIteration(job_id, iteration / 1100.0,
                                         {iteration, -1.0 * iteration, 2.0 * iteration}, 10, 2060);
  }
  index_->jobs.requeue(job_id, 2090);
  succeed(job_id, 9);

  const auto jobs = get("/api/v1/jobs")["jobs"];
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["id"], job_id);
  EXPECT_EQ(jobs[0]["state"], "succeeded");
  EXPECT_EQ(jobs[0]["patient_ref"], patient_ref_);
  EXPECT_EQ(jobs[0]["rano"], "progression");
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

  ASSERT_TRUE(index_->jobs.claimNext(3000));
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

TEST_F(AdminApiTest, ExportsPerDestinationAndTheirRetry) {
  const auto job_id = queuedJob();
  const auto uid = "1.2.20.1.1";
  index_->exports.enqueue(job_id, {uid}, {"pacs", "old"}, 2000);
  const storage::ExportRetryPolicy give_up{1, 1, 1};
  for (const auto& due : index_->exports.due("pacs", 2000, 10)) {
    index_->exports.recordFailure(due.id, "association rejected", give_up, 2001);
  }
  for (const auto& due : index_->exports.due("old", 2000, 10)) {
    index_->exports.recordFailure(due.id, "timeout", give_up, 2001);
  }
  const auto exports = get("/api/v1/exports");
  ASSERT_EQ(exports["destinations"].size(), 2u);
  const auto& pacs = exports["destinations"][0];
  EXPECT_EQ(pacs["destination"], "pacs");
  EXPECT_EQ(pacs["ae_title"], "ORTHANC");
  EXPECT_EQ(pacs["host"], "10.0.0.5");
  EXPECT_EQ(pacs["port"], 4242);
  EXPECT_EQ(pacs["failed"], 1);
  EXPECT_EQ(exports["destinations"][1]["destination"], "old");
  EXPECT_EQ(exports["destinations"][1]["ae_title"], nullptr) << "no longer configured";
  ASSERT_EQ(exports["troubled"].size(), 2u);
  EXPECT_EQ(exports["troubled"][0]["state"], "failed");
  EXPECT_EQ(exports["troubled"][0]["job_ref"], job_id);
  EXPECT_EQ(exports["troubled"][0]["attempts"], 1);

  const auto retry = [&](const std::string& body) {
    return call("POST", "/api/v1/exports/retry", body);
  };
  auto response = retry(R"({"destination": "pacs"})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json::parse(response.body), json({{"queued", 1}}));
  EXPECT_EQ(json::parse(retry(R"({"all_failed": true})").body), json({{"queued", 1}}));
  EXPECT_EQ(json::parse(retry(R"({"job": )" + std::to_string(job_id) + "}").body),
            json({{"queued", 2}}));
  EXPECT_EQ(retry(R"({"destination": "nowhere"})").status, 404);
  EXPECT_EQ(retry(R"({"job": 999})").status, 404);
  for (const std::string bad :
       {"", "not json", "[]", "{}", R"({"job": "7"})", R"({"job": 0})", R"({"all_failed": false})",
        R"({"destination": 3})", R"({"job": 1, "all_failed": true})", R"({"everything": true})"}) {
    EXPECT_EQ(retry(bad).status, 400) << bad;
  }
}

// An index written by an older build may hold names that are not UTF-8; JSON must still serve.
TEST_F(AdminApiTest, StoredTextThatIsNotUtf8IsServedAsReplacementCharacters) {
  auto in = instance("10", "1", 1, 1000);
  in.patient.patient_name = "M\xFCller^\xFF\xFE";
  in.series.series_description = "T1 \xC3";
  patient_ref_ =
      index_->timelines.timelineOfSeries(index_->ingest.addInstance(in).series_ref).patient_ref;
  recent_log_.add({1795000000.0, "warning", "dcmtk: Non-standard VR '\xFF\xFE'"});

  const auto patients = get("/api/v1/patients")["patients"];
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(patients[0]["patient_name"], "M\uFFFDller^\uFFFD\uFFFD");
  const auto patient = get("/api/v1/patients/" + std::to_string(patient_ref_));
  EXPECT_EQ(patient["timepoints"][0]["series"][0]["series_description"], "T1 \uFFFD");
  EXPECT_EQ(get("/api/v1/status")["recent_errors"][0]["message"],
            "dcmtk: Non-standard VR '\uFFFD\uFFFD'");
}

TEST_F(AdminApiTest, AssociationsNewestFirstWithALimit) {
  for (int i = 0; i < 3; ++i) {
    index_->ingest.recordAssociationStart(
        {0, "PACS" + std::to_string(i), "EVERYNET", "127.0.0.1", 1000.0 + i, {}, 0, ""});
  }
  const auto response = call("GET", "/api/v1/associations", "", {{"limit", "2"}});
  ASSERT_EQ(response.status, 200);
  const auto associations = json::parse(response.body)["associations"];
  ASSERT_EQ(associations.size(), 2u);
  EXPECT_EQ(associations[0]["calling_ae"], "PACS2");
  EXPECT_EQ(associations[0]["outcome"], "open");
  EXPECT_EQ(associations[0]["ended_at"], nullptr);
  EXPECT_EQ(call("GET", "/api/v1/associations", "", {{"limit", "lots"}}).status, 400);
}

TEST_F(AdminApiTest, ConfigShowsWhetherSecretsAreSetNeverThemselves) {
  const auto config = get("/api/v1/config");
  EXPECT_EQ(config["admin"]["password_hash"], "(set)");
  EXPECT_EQ(config["admin"]["token_hashes"], nullptr);
  EXPECT_EQ(config["admin"]["tls_key"], "(set)");
  EXPECT_EQ(config["dicom"]["ae_title"], "EVERYNET");
  EXPECT_EQ(config["destinations"][0]["host"], "10.0.0.5");
  EXPECT_EQ(config["export"]["max_attempts"], 12);
  EXPECT_EQ(config["engine"]["profile"], "cpu");
  EXPECT_EQ(get("/api/v1/config").dump().find("secret-hash"), std::string::npos);
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
