#include "service/records_json.h"

#include "service/json_output.h"

namespace everynet::service {

using nlohmann::json;

json jobStateJson(const storage::JobRecord& job) {
  return {{"id", job.id},
          {"method", job.method},
          {"state", storage::toString(job.state)},
          {"baseline_study_date", job.baseline_study_date},
          {"followup_study_date", job.followup_study_date},
          {"stage", orNull(job.stage)},
          {"progress", job.progress},
          {"eta_seconds", orNull(job.eta_seconds)},
          {"attempts", job.attempts},
          {"interruptions", job.interruptions},
          {"created_at", job.created_at},
          {"started_at", orNull(job.started_at)},
          {"finished_at", orNull(job.finished_at)},
          {"error", orNull(job.error)},
          {"training_run", orNull(job.training_run)},
          {"waiting", orNull(job.training_wait)}};
}

void addJobPairJson(json& document, const storage::JobRecord& job) {
  document["reason"] = job.reason;
  document["baseline_series_uid"] = job.baseline_series_uid;
  document["followup_series_uid"] = job.followup_series_uid;
  document["report"] = storedReport(job.report);
}

json storedReport(const std::optional<std::string>& report) {
  if (!report) return json();
  json parsed = json::parse(*report, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? json() : parsed;
}

json exportJson(const storage::ExportRecord& record) {
  return {{"id", record.id},
          {"destination", record.destination},
          {"sop_instance_uid", record.sop_instance_uid},
          {"state", storage::toString(record.state)},
          {"attempts", record.attempts},
          {"last_error", orNull(record.last_error)},
          {"updated_at", record.updated_at}};
}

}  // namespace everynet::service
