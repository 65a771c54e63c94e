#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "dicom/network_text.h"
#include "service/cli/commands.h"
#include "service/json_output.h"
#include "service/records_json.h"
#include "service/unix_time.h"
#include "storage/stores.h"

namespace everynet::service {
namespace {

// Escaped for the terminal: the IDs came from the network.
std::string patientKey(const std::string& id, const std::string& issuer) {
  const auto key = issuer.empty() ? id : id + " (issuer " + issuer + ")";
  return dicom::escapedForLog(key);
}

// The job as `everynet jobs --json` lists it, without its results.
nlohmann::json toJson(const storage::JobRecord& job) {
  nlohmann::json j = jobStateJson(job);
  addJobPairJson(j, job);
  j["patient_id"] = job.patient_id;
  j["issuer_of_patient_id"] = job.issuer_of_patient_id;
  return j;
}

nlohmann::json resultsJson(storage::AdminReads& reads, std::int64_t job_id) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& result : reads.jobResults(job_id)) {
    results.push_back(
        {{"sop_instance_uid", result.sop_instance_uid}, {"kind", storage::toString(result.kind)}});
  }
  return results;
}

// One line of what a job is doing or found.
std::string jobStatus(const storage::JobRecord& job) {
  if (job.state == storage::JobState::running && job.training_wait) {
    return "waiting: " + *job.training_wait;
  }
  if (job.state == storage::JobState::running && job.stage) {
    std::string status = *job.stage + ", " + std::to_string(std::lround(job.progress * 100)) + "%";
    if (job.eta_seconds) status += ", ETA " + std::to_string(std::lround(*job.eta_seconds)) + " s";
    return status;
  }
  if (!job.report) return "";
  const auto report = nlohmann::json::parse(*job.report);
  char line[160];
  std::snprintf(line, sizeof line,
                "tumour %.2f -> %.2f mL: ", report["volumes_ml"]["baseline"].get<double>(),
                report["volumes_ml"]["followup"].get<double>());
  const auto rano_class = report["rano"]["class"].get<std::string>();
  // A class withheld is a caution, never to be read as a class.
  if (rano_class == kRanoNotAssessable) {
    return line + std::string("CAUTION: modified RANO not assessable (") +
           report["rano"].value("reason", std::string()) +
           "): supply a segmentation of the baseline tumour (DICOM SEG) to get a class";
  }
  return line + rano_class;
}

nlohmann::json toJson(const storage::SeriesDecision& d) {
  nlohmann::json j = {{"patient_id", d.patient_id},
                      {"issuer_of_patient_id", d.issuer_of_patient_id},
                      {"study_date", d.study_date},
                      {"series_uid", d.series_instance_uid},
                      {"series_description", d.series_description},
                      {"state", d.state},
                      {"version", d.version},
                      {"instances", d.instance_count},
                      {"reason", d.reason},
                      {"chosen_for_timepoint", d.chosen_for_timepoint}};
  j["t1ce"] = orNull(d.is_t1ce);
  j["result_of_job"] = orNull(d.result_of_job);
  return j;
}

void printText(const std::vector<storage::JobRecord>& jobs,
               const std::vector<storage::SeriesDecision>& decisions) {
  std::cout << "Jobs: " << jobs.size() << "\n";
  for (const auto& job : jobs) {
    std::cout << "  job " << job.id << "  " << job.method << "  " << storage::toString(job.state)
              << "  patient " << patientKey(job.patient_id, job.issuer_of_patient_id)
              << "  created " << localTimeText(job.created_at) << "\n"
              << "    baseline   " << job.baseline_study_date << "  " << job.baseline_series_uid
              << "\n"
              << "    follow-up  " << job.followup_study_date << "  " << job.followup_series_uid
              << "\n"
              << "    reason     " << job.reason << "\n";
    if (job.error) std::cout << "    error      " << *job.error << "\n";
    if (const auto status = jobStatus(job); !status.empty()) {
      std::cout << "    status     " << status << "\n";
    }
  }
  std::cout << "\nSeries: " << decisions.size() << "\n";
  for (const auto& d : decisions) {
    const char* verdict = d.result_of_job ? "result"
                          : !d.is_t1ce    ? "pending"
                          : *d.is_t1ce    ? "T1ce"
                                          : "other";
    std::cout << "  " << d.study_date << "  " << verdict
              << (d.chosen_for_timepoint ? " (chosen)" : "") << "  '"
              << dicom::escapedForLog(d.series_description) << "'  " << d.instance_count
              << " instance(s), " << d.state << "  " << d.series_instance_uid << "\n";
    if (!d.reason.empty()) std::cout << "      " << d.reason << "\n";
  }
}

}  // namespace

int jobsCommand(const std::filesystem::path& data_dir, bool json) {
  const auto file = data_dir / "index.sqlite";
  if (!std::filesystem::exists(file)) {
    std::cerr << "everynet: no index at " << file.string()
              << " (has the service run with this data directory?)\n";
    return 1;
  }
  storage::Stores index(file, storage::Database::Access::read_only);
  const auto jobs = index.jobs.jobs();
  const auto decisions = index.reads.seriesDecisions();
  if (json) {
    nlohmann::json out = {{"jobs", nlohmann::json::array()}, {"series", nlohmann::json::array()}};
    for (const auto& job : jobs) {
      out["jobs"].push_back(toJson(job));
      out["jobs"].back()["results"] = resultsJson(index.reads, job.id);
    }
    for (const auto& d : decisions) out["series"].push_back(toJson(d));
    std::cout << jsonText(out, 2) << "\n";
  } else {
    printText(jobs, decisions);
  }
  return 0;
}

}  // namespace everynet::service
