#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "storage/export_records.h"
#include "storage/job_records.h"

namespace everynet::service {

// Stored jobs and exports as JSON, written once for the command line (everynet jobs, everynet
// export list) and the admin API (service/admin/API.md). Each document picks the parts it
// documents; the field names are part of both interfaces. Write the text with jsonText.

// What every JSON of a job has: its id, analysis method, state, the two study dates, progress and
// timings, error, its training run and why it waits.
nlohmann::json jobStateJson(const storage::JobRecord& job);
// Adds what the job compares and why: reason, the two series' UIDs and its report.
void addJobPairJson(nlohmann::json& document, const storage::JobRecord& job);
// A job's stored report, or null when there is none or it is not JSON (never expected: the
// worker writes it).
nlohmann::json storedReport(const std::optional<std::string>& report);

// The modified RANO class a report gives where its baseline volume could not carry one
// (engine::RanoClass::not_assessable, with report.rano.reason): to be shown as a caution with its
// reason, never as one of the classes.
inline constexpr std::string_view kRanoNotAssessable = "not assessable";

// What every JSON of an export has: id, destination, instance, state, attempts, last error and
// when it last changed. Each list adds its own name for the job and its reading of the next
// attempt.
nlohmann::json exportJson(const storage::ExportRecord& record);

}  // namespace everynet::service
