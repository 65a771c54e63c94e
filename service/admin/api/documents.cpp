#include "service/admin/api/documents.h"

#include <algorithm>
#include <ctime>

#include "service/admin/api/job_documents.h"
#include "service/admin/recent_log.h"
#include "service/config/config_words.h"
#include "service/json_output.h"
#include "service/records_json.h"
#include "service/space/disk_space.h"
#include "service/space/free_space_monitor.h"
#include "service/version.h"
#include "storage/admin_reads.h"
#include "storage/export_queue.h"
#include "storage/job_queue.h"

namespace everynet::service::admin {
namespace {

using nlohmann::json;

// Dashboard lines of the recent log: enough for a glance.
constexpr std::size_t kRecentErrorsShown = 20;
constexpr int kTroubledExportsShown = 100;

// Unix seconds of the local midnight that began the day of `now`.
double localMidnight(double now) {
  const auto t = static_cast<std::time_t>(now);
  std::tm day{};
  localtime_r(&t, &day);
  day.tm_hour = 0;
  day.tm_min = 0;
  day.tm_sec = 0;
  day.tm_isdst = -1;  // whatever held at midnight
  return static_cast<double>(std::mktime(&day));
}

// The file system's figures as read now; the state against the watermarks as the monitor last
// read it (a second ago at most).
json diskDocument(const std::filesystem::path& data_dir, FreeSpaceMonitor& free_space) {
  const auto space = diskSpace(data_dir);
  const auto reading = free_space.reading();
  const auto& marks = free_space.watermarks();
  return {{"path", data_dir.string()},
          {"free_bytes", space ? json(space->free_bytes) : json()},
          {"total_bytes", space ? json(space->total_bytes) : json()},
          {"min_free_bytes", marks.min_free_bytes},
          {"index_reserve_bytes", marks.index_reserve_bytes},
          {"state", toString(reading.level)},
          {"problem", reading.level != SpaceLevel::enough && reading.free_bytes
                          ? json(spaceLevelMessage(reading.level, *reading.free_bytes, marks))
                          : json()}};
}

json jobCountsDocument(const storage::JobStateCounts& counts) {
  return {{"queued", counts.queued},
          {"running", counts.running},
          {"succeeded", counts.succeeded},
          {"failed", counts.failed},
          {"cancelled", counts.cancelled}};
}

// The configured destinations first, in the configuration's order, then any that only the export
// queue still knows (removed from the configuration since).
std::vector<std::string> destinationNames(
    const AdminContext& context, const std::vector<storage::DestinationExportCounts>& counts) {
  std::vector<std::string> names;
  for (const auto& destination : context.config.destinations) names.push_back(destination.name);
  for (const auto& count : counts) {
    if (std::find(names.begin(), names.end(), count.destination) == names.end()) {
      names.push_back(count.destination);
    }
  }
  return names;
}

// pending, due, sent, failed and next_attempt_at of each destination.
std::vector<json> destinationQueues(const AdminContext& context, double now) {
  const auto counts = context.exports.counts();
  std::vector<json> queues;
  for (const auto& name : destinationNames(context, counts)) {
    storage::DestinationExportCounts count{name, 0, 0, 0, 0};
    for (const auto& known : counts) {
      if (known.destination == name) count = known;
    }
    queues.push_back(
        {{"destination", name},
         {"pending", count.pending},
         {"due", count.pending > 0 ? context.exports.dueCount(name, now) : 0},
         {"sent", count.sent},
         {"failed", count.failed},
         {"next_attempt_at",
          orNull(count.pending > 0 ? context.exports.nextAttemptAt(name) : std::nullopt)}});
  }
  return queues;
}

json patientEntry(const storage::PatientSummary& patient) {
  return {{"id", patient.id},
          {"patient_id", patient.identity.patient_id},
          {"issuer_of_patient_id", patient.identity.issuer_of_patient_id},
          {"patient_name", patient.identity.patient_name},
          {"birth_date", patient.identity.birth_date},
          {"identity_conflict", orNull(patient.identity_conflict)},
          {"timepoints", patient.timepoints},
          {"jobs", patient.jobs},
          {"last_study_date", patient.last_study_date}};
}

json seriesEntry(const storage::SeriesOverview& series) {
  return {{"series_instance_uid", series.series_instance_uid},
          {"series_description", series.series_description},
          {"modality", series.modality},
          {"state", series.state},
          {"instance_count", series.instance_count},
          {"is_t1ce", orNull(series.is_t1ce)},
          {"reason", series.reason},
          {"chosen_for_timepoint", series.chosen_for_timepoint},
          {"result_of_job", orNull(series.result_of_job)}};
}

json timepointEntry(const storage::StudyOverview& study) {
  json series = json::array();
  for (const auto& one : study.series) series.push_back(seriesEntry(one));
  return {{"study_instance_uid", study.study_instance_uid},
          {"study_date", study.study_date},
          {"study_description", study.study_description},
          {"t1ce_choice_reason", orNull(study.t1ce_choice_reason)},
          {"series", std::move(series)}};
}

json secretState(bool set) {
  return set ? json("(set)") : json();
}

// engine.methods as the file writes it: "auto" or the list.
json methodsJson(const std::optional<std::vector<AnalysisMethod>>& methods) {
  if (!methods) return "auto";
  json list = json::array();
  for (const auto method : *methods) list.push_back(toString(method));
  return list;
}

}  // namespace

json statusDocument(const AdminContext& context, double now) {
  auto& reads = context.reads;
  const double midnight = localMidnight(now);
  json running = json::array();
  for (const auto& job : reads.runningJobs()) {
    running.push_back({{"id", job.id},
                       {"method", job.method},
                       {"stage", orNull(job.stage)},
                       {"progress", job.progress},
                       {"eta_seconds", orNull(job.eta_seconds)},
                       {"device", orNull(job.device)},
                       {"waiting", orNull(job.waiting)}});
  }
  json errors = json::array();
  const auto lines = context.recent_log.lines();
  for (std::size_t i = 0; i < lines.size() && i < kRecentErrorsShown; ++i) {
    errors.push_back(
        {{"at", lines[i].at}, {"level", lines[i].level}, {"message", lines[i].message}});
  }
  return {{"version", kVersion},
          {"now", now},
          {"ae_title", context.config.dicom.ae_title},
          {"dicom_port", context.config.dicom.port},
          {"instances_today", reads.instancesReceivedSince(midnight)},
          {"associations_today", reads.associationsStartedSince(midnight)},
          {"open_associations", reads.openAssociationCount()},
          {"jobs", jobCountsDocument(reads.jobStateCounts())},
          {"running_jobs", std::move(running)},
          {"devices", context.devices},
          {"disk", diskDocument(context.config.storage.data_dir, context.free_space)},
          {"exports", destinationQueues(context, now)},
          {"recent_errors", std::move(errors)}};
}

json patientsDocument(const AdminContext& context) {
  json patients = json::array();
  for (const auto& patient : context.reads.patientSummaries()) {
    patients.push_back(patientEntry(patient));
  }
  return {{"patients", std::move(patients)}};
}

std::optional<json> patientDocument(const AdminContext& context, std::int64_t patient_ref) {
  const auto patient = context.reads.patientSummary(patient_ref);
  if (!patient) return std::nullopt;
  json document = patientEntry(*patient);
  json timepoints = json::array();
  for (const auto& study : context.reads.patientStudies(patient_ref)) {
    timepoints.push_back(timepointEntry(study));
  }
  // The list entry's count becomes the list itself.
  document["timepoints"] = std::move(timepoints);
  json jobs = json::array();
  for (const auto& job : context.jobs.jobs()) {
    if (job.patient_ref != patient_ref) continue;
    jobs.push_back({{"id", job.id},
                    {"method", job.method},
                    {"state", storage::toString(job.state)},
                    {"baseline_study_date", job.baseline_study_date},
                    {"followup_study_date", job.followup_study_date}});
  }
  document["job_list"] = std::move(jobs);
  return document;
}

json jobsDocument(const AdminContext& context) {
  auto records = context.jobs.jobs();
  json jobs = json::array();
  // Newest first: the page shows what happened lately at the top.
  for (auto job = records.rbegin(); job != records.rend(); ++job) jobs.push_back(jobEntry(*job));
  return {{"jobs", std::move(jobs)}};
}

std::optional<json> jobDocument(const AdminContext& context, std::int64_t job_id) {
  return jobDetailDocument(context.jobs, context.reads, job_id);
}

json exportsDocument(const AdminContext& context, double now) {
  json destinations = json::array();
  for (auto queue : destinationQueues(context, now)) {
    const auto name = queue["destination"].get<std::string>();
    const auto configured =
        std::find_if(context.config.destinations.begin(), context.config.destinations.end(),
                     [&](const Destination& d) { return d.name == name; });
    const bool known = configured != context.config.destinations.end();
    queue["ae_title"] = known ? json(configured->ae_title) : json();
    queue["host"] = known ? json(configured->host) : json();
    queue["port"] = known ? json(configured->port) : json();
    queue["configured"] = known;
    destinations.push_back(std::move(queue));
  }
  json troubled = json::array();
  for (const auto& record : context.exports.troubled(kTroubledExportsShown)) {
    json entry = exportJson(record);
    entry["job_ref"] = orNull(record.job_ref);
    entry["next_attempt_at"] = record.next_attempt_at;
    troubled.push_back(std::move(entry));
  }
  return {{"destinations", std::move(destinations)}, {"troubled", std::move(troubled)}};
}

json associationsDocument(const AdminContext& context, int limit) {
  json associations = json::array();
  for (const auto& association : context.reads.recentAssociations(limit)) {
    associations.push_back({{"id", association.id},
                            {"calling_ae", association.calling_ae},
                            {"called_ae", association.called_ae},
                            {"peer_address", association.peer_address},
                            {"started_at", association.started_at},
                            {"ended_at", orNull(association.ended_at)},
                            {"instances_received", association.instances_received},
                            {"outcome", association.outcome}});
  }
  return {{"associations", std::move(associations)}};
}

json configDocument(const AdminContext& context) {
  const Config& c = context.config;
  json peers = json::array();
  for (const auto& peer : c.dicom.allowed_peers) {
    peers.push_back({{"ae_title", peer.ae_title}, {"host", peer.host}});
  }
  json destinations = json::array();
  for (const auto& d : c.destinations) {
    destinations.push_back(
        {{"name", d.name}, {"ae_title", d.ae_title}, {"host", d.host}, {"port", d.port}});
  }
  return {{"dicom",
           {{"ae_title", c.dicom.ae_title},
            {"port", c.dicom.port},
            {"max_associations", c.dicom.max_associations},
            {"acse_timeout_seconds", c.dicom.acse_timeout_seconds},
            {"dimse_timeout_seconds", c.dicom.dimse_timeout_seconds},
            {"max_pdu_bytes", c.dicom.max_pdu_bytes},
            {"allowed_peers", std::move(peers)}}},
          {"storage",
           {{"data_dir", c.storage.data_dir.string()},
            {"min_free_mb", c.storage.min_free_mb},
            {"index_reserve_mb", c.storage.index_reserve_mb}}},
          {"series",
           {{"quiet_seconds", c.series.quiet_seconds},
            {"baseline", std::string(wordFor(c.series.baseline))}}},
          {"classifier",
           {{"contrast_patterns", c.classifier.contrast_patterns},
            {"exclude_patterns", c.classifier.exclude_patterns},
            {"t1_patterns", c.classifier.t1_patterns}}},
          {"admin",
           {{"listen", c.admin.listen},
            {"password_hash", secretState(!c.admin.password_hash.empty())},
            {"token_hashes", secretState(!c.admin.token_hashes.empty())},
            {"tls_certificate",
             c.admin.tls_certificate.empty() ? json() : json(c.admin.tls_certificate.string())},
            {"tls_key", secretState(!c.admin.tls_key.empty())},
            {"session_idle_minutes", c.admin.session_idle_minutes}}},
          {"destinations", std::move(destinations)},
          {"export",
           {{"initial_retry_seconds", c.exports.initial_retry_seconds},
            {"max_retry_seconds", c.exports.max_retry_seconds},
            {"max_attempts", c.exports.max_attempts},
            {"batch_size", c.exports.batch_size}}},
          {"engine",
           {{"methods", methodsJson(c.engine.methods)},
            {"profile", c.engine.profile},
            {"trainer", c.engine.trainer.empty() ? json() : json(c.engine.trainer.string())},
            {"backend", std::string(wordFor(c.engine.backend))},
            {"trainer_silent_seconds", c.engine.trainer_silent_seconds},
            {"device", std::string(wordFor(c.engine.device))},
            {"threads", c.engine.threads},
            {"cpu_slots", c.engine.cpu_slots},
            {"gpu_slots_per_device", c.engine.gpu_slots_per_device},
            {"max_interruptions", c.engine.max_interruptions},
            {"model_retention", std::string(wordFor(c.engine.model_retention))}}},
          {"logging", {{"level", c.logging.level}}}};
}

}  // namespace everynet::service::admin
