#include "service/admin/pages/patients_page.h"

#include <vector>

#include "service/admin/pages/display_format.h"
#include "service/admin/pages/html.h"
#include "service/admin/pages/layout.h"

namespace everynet::service::admin {
namespace {

std::string patientName(const nlohmann::json& patient) {
  const auto& name = fieldOf(patient, "patient_name");
  return name.is_string() ? formatPersonName(name.get<std::string>()) : formatValue(name);
}

std::string dateOf(const nlohmann::json& object, const std::string& key) {
  const auto& date = fieldOf(object, key);
  return date.is_string() ? formatDicomDate(date.get<std::string>()) : formatValue(date);
}

std::string patientRow(const nlohmann::json& patient) {
  const auto href = "/patients/" + formatValue(fieldOf(patient, "id"));
  return "<tr><td>" + link(href, patientName(patient)) + "</td>" +
         cell(formatValue(fieldOf(patient, "patient_id"))) +
         cell(formatValue(fieldOf(patient, "issuer_of_patient_id"))) +
         cell(dateOf(patient, "birth_date")) + cell(formatValue(fieldOf(patient, "timepoints"))) +
         cell(formatValue(fieldOf(patient, "jobs"))) + cell(dateOf(patient, "last_study_date")) +
         cell(formatValue(fieldOf(patient, "identity_conflict"))) + "</tr>";
}

std::string t1ceDecision(const nlohmann::json& series) {
  if (fieldOf(series, "result_of_job").is_number()) return "EveryNet result";
  const auto& is_t1ce = fieldOf(series, "is_t1ce");
  if (!is_t1ce.is_boolean()) return "undecided";
  return is_t1ce.get<bool>() ? "T1ce" : "not T1ce";
}

std::string seriesRow(const nlohmann::json& series) {
  const bool chosen = fieldOf(series, "chosen_for_timepoint") == true;
  return std::string(chosen ? "<tr class=\"chosen\">" : "<tr>") +
         cell(formatValue(fieldOf(series, "series_description"))) +
         cell(formatValue(fieldOf(series, "modality"))) +
         cell(formatValue(fieldOf(series, "instance_count"))) +
         cell(formatValue(fieldOf(series, "state"))) + cell(t1ceDecision(series)) +
         cell(formatValue(fieldOf(series, "reason"))) + cell(chosen ? "\u2713 chosen" : "") +
         "</tr>";
}

std::string timepointSection(const nlohmann::json& timepoint) {
  std::vector<std::string> rows;
  const auto& series_list = fieldOf(timepoint, "series");
  if (series_list.is_array()) {
    for (const auto& series : series_list) rows.push_back(seriesRow(series));
  }
  return "<li class=\"timepoint\"><h3>" + escapeHtml(dateOf(timepoint, "study_date")) + " \u2014 " +
         escapeHtml(formatValue(fieldOf(timepoint, "study_description"))) +
         "</h3>\n<p class=\"detail\">Study " +
         escapeHtml(formatValue(fieldOf(timepoint, "study_instance_uid"))) +
         "</p>\n<p>T1ce choice: " +
         escapeHtml(formatValue(fieldOf(timepoint, "t1ce_choice_reason"))) + "</p>\n" +
         table({"Series", "Modality", "Instances", "State", "Decision", "Reason", "Chosen"}, rows,
               "No series.") +
         "</li>\n";
}

std::string jobRow(const nlohmann::json& job) {
  const auto id = formatValue(fieldOf(job, "id"));
  return "<tr><td>" + link("/jobs/" + id, "Job " + id) + "</td>" +
         cell(formatValue(fieldOf(job, "method"))) + cell(formatValue(fieldOf(job, "state"))) +
         cell(dateOf(job, "baseline_study_date")) + cell(dateOf(job, "followup_study_date")) +
         "</tr>";
}

}  // namespace

std::string renderPatientsPage(const nlohmann::json& patients, const PageContext& context) {
  std::vector<std::string> rows;
  const auto& list = fieldOf(patients, "patients");
  if (list.is_array()) {
    for (const auto& patient : list) rows.push_back(patientRow(patient));
  }
  const auto body = table({"Name", "Patient ID", "Issuer", "Birth date", "Timepoints", "Jobs",
                           "Last study", "Identity conflict"},
                          rows, "No patients yet.");
  return renderLayout(context, "Patients", "patients", body);
}

std::string renderPatientPage(const nlohmann::json& patient, const PageContext& context) {
  std::string body =
      "<dl class=\"facts\"><dt>Patient ID</dt><dd>" +
      escapeHtml(formatValue(fieldOf(patient, "patient_id"))) + "</dd><dt>Issuer</dt><dd>" +
      escapeHtml(formatValue(fieldOf(patient, "issuer_of_patient_id"))) +
      "</dd><dt>Birth date</dt><dd>" + escapeHtml(dateOf(patient, "birth_date")) +
      "</dd><dt>Identity conflict</dt><dd>" +
      escapeHtml(formatValue(fieldOf(patient, "identity_conflict"))) + "</dd></dl>\n";
  body += "<section>\n<h2>Timeline</h2>\n";
  const auto& timepoints = fieldOf(patient, "timepoints");
  if (timepoints.is_array() && !timepoints.empty()) {
    body += "<ol class=\"timeline\">\n";
    for (const auto& timepoint : timepoints) body += timepointSection(timepoint);
    body += "</ol>\n";
  } else {
    body += "<p class=\"empty\">No timepoints.</p>\n";
  }
  body += "</section>\n<section>\n<h2>Jobs</h2>\n";
  std::vector<std::string> job_rows;
  const auto& jobs = fieldOf(patient, "job_list");
  if (jobs.is_array()) {
    for (const auto& job : jobs) job_rows.push_back(jobRow(job));
  }
  body += table({"Job", "Method", "State", "Baseline", "Follow-up"}, job_rows, "No jobs.") +
          "</section>\n";
  return renderLayout(context, patientName(patient), "patient", body);
}

}  // namespace everynet::service::admin
