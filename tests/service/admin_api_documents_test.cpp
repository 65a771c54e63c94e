// The admin API's patients, exports, associations and configuration (service/admin/API.md), and
// stored text that is not UTF-8.
#include <gtest/gtest.h>

#include "admin_api_fixture.h"

namespace everynet::service::admin {
namespace {

using nlohmann::json;

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
                                               {"method", "personal-wgan"},
                                               {"state", "queued"},
                                               {"baseline_study_date", "20260101"},
                                               {"followup_study_date", "20260301"}}}));

  EXPECT_EQ(call("GET", "/api/v1/patients/999").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/patients/abc").status, 404);
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
  EXPECT_EQ(config["storage"]["min_free_mb"], 1024);
  EXPECT_EQ(config["storage"]["index_reserve_mb"], 64);
  EXPECT_EQ(config["engine"]["profile"], "cpu");
  EXPECT_EQ(config["engine"]["methods"], "auto");
  EXPECT_EQ(config["engine"]["trainer"], nullptr) << "the one beside the service";
  EXPECT_EQ(config["engine"]["backend"], "local");
  EXPECT_EQ(config["engine"]["trainer_silent_seconds"], 600);
  EXPECT_EQ(get("/api/v1/config").dump().find("secret-hash"), std::string::npos);
}

TEST_F(AdminApiTest, ConfigListsTheMethodsAsTheFileDoes) {
  config_.engine.methods = {AnalysisMethod::registration_subtraction,
                            AnalysisMethod::personal_wgan};
  config_.engine.trainer = "/opt/everynet/bin/everynet-train";
  const auto engine = get("/api/v1/config")["engine"];
  EXPECT_EQ(engine["methods"], json({"registration-subtraction", "personal-wgan"}));
  EXPECT_EQ(engine["trainer"], "/opt/everynet/bin/everynet-train");
}

}  // namespace
}  // namespace everynet::service::admin
