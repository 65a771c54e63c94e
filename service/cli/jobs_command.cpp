#include <cstdio>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "service/cli/commands.h"
#include "storage/index.h"

namespace everynet::service {
namespace {

std::string localTime(double unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  return text;
}

std::string patientKey(const std::string& id, const std::string& issuer) {
  return issuer.empty() ? id : id + " (issuer " + issuer + ")";
}

nlohmann::json toJson(const storage::JobRecord& job) {
  nlohmann::json j = {{"id", job.id},
                      {"state", storage::toString(job.state)},
                      {"patient_id", job.patient_id},
                      {"issuer_of_patient_id", job.issuer_of_patient_id},
                      {"baseline_series_uid", job.baseline_series_uid},
                      {"baseline_study_date", job.baseline_study_date},
                      {"followup_series_uid", job.followup_series_uid},
                      {"followup_study_date", job.followup_study_date},
                      {"reason", job.reason},
                      {"attempts", job.attempts},
                      {"progress", job.progress},
                      {"created_at", job.created_at}};
  j["error"] = job.error ? nlohmann::json(*job.error) : nlohmann::json();
  j["started_at"] = job.started_at ? nlohmann::json(*job.started_at) : nlohmann::json();
  j["finished_at"] = job.finished_at ? nlohmann::json(*job.finished_at) : nlohmann::json();
  return j;
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
  j["t1ce"] = d.is_t1ce ? nlohmann::json(*d.is_t1ce) : nlohmann::json();
  return j;
}

void printText(const std::vector<storage::JobRecord>& jobs,
               const std::vector<storage::SeriesDecision>& decisions) {
  std::cout << "Jobs: " << jobs.size() << "\n";
  for (const auto& job : jobs) {
    std::cout << "  job " << job.id << "  " << storage::toString(job.state) << "  patient "
              << patientKey(job.patient_id, job.issuer_of_patient_id) << "  created "
              << localTime(job.created_at) << "\n"
              << "    baseline   " << job.baseline_study_date << "  " << job.baseline_series_uid
              << "\n"
              << "    follow-up  " << job.followup_study_date << "  " << job.followup_series_uid
              << "\n"
              << "    reason     " << job.reason << "\n";
    if (job.error) std::cout << "    error      " << *job.error << "\n";
  }
  std::cout << "\nSeries: " << decisions.size() << "\n";
  for (const auto& d : decisions) {
    const char* verdict = !d.is_t1ce ? "pending" : *d.is_t1ce ? "T1ce" : "other";
    std::cout << "  " << d.study_date << "  " << verdict
              << (d.chosen_for_timepoint ? " (chosen)" : "") << "  '" << d.series_description
              << "'  " << d.instance_count << " instance(s), " << d.state << "  "
              << d.series_instance_uid << "\n";
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
  auto index = storage::Index::open(file, storage::Index::Access::read_only);
  const auto jobs = index->jobs();
  const auto decisions = index->seriesDecisions();
  if (json) {
    nlohmann::json out = {{"jobs", nlohmann::json::array()}, {"series", nlohmann::json::array()}};
    for (const auto& job : jobs) out["jobs"].push_back(toJson(job));
    for (const auto& d : decisions) out["series"].push_back(toJson(d));
    std::cout << out.dump(2) << "\n";
  } else {
    printText(jobs, decisions);
  }
  return 0;
}

}  // namespace everynet::service
