#include "service/admin/pages/jobs_page.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "service/admin/pages/display_format.h"
#include "service/admin/pages/html.h"
#include "service/admin/pages/layout.h"
#include "service/admin/pages/loss_chart.h"
#include "service/records_json.h"

namespace everynet::service::admin {
namespace {

std::string text(const nlohmann::json& object, const std::string& key) {
  return formatValue(fieldOf(object, key));
}

std::string dateOf(const nlohmann::json& object, const std::string& key) {
  const auto& date = fieldOf(object, key);
  return date.is_string() ? formatDicomDate(date.get<std::string>()) : formatValue(date);
}

bool notAssessable(const nlohmann::json& rano_class) {
  return rano_class.is_string() && rano_class.get<std::string>() == kRanoNotAssessable;
}

// A class withheld because the baseline cannot carry one is a caution, so that it is never read
// as one of the classes.
std::string ranoText(const nlohmann::json& rano_class) {
  return notAssessable(rano_class) ? "\u26a0 not assessable" : formatValue(rano_class);
}

// In the list, with its reason: the list is where a withheld class must not pass unread.
std::string ranoCell(const nlohmann::json& job) {
  const auto& rano = fieldOf(job, "rano");
  if (!notAssessable(rano)) return cell(ranoText(rano));
  return "<td class=\"caution\">" +
         escapeHtml(ranoText(rano) + " (" + formatValue(fieldOf(job, "rano_reason")) + ")") +
         "</td>";
}

// Above the report's figures: what they cannot tell without a baseline segmentation.
std::string notAssessableNotice(const nlohmann::json& rano) {
  if (!notAssessable(fieldOf(rano, "class"))) return "";
  return "<p class=\"caution\">\u26a0 Modified RANO not assessable: " +
         escapeHtml(formatValue(fieldOf(rano, "reason"))) +
         ". The volumes are shown as measured; supply a segmentation of the baseline tumour "
         "(DICOM SEG) to get a RANO class.</p>\n";
}

// The automatic baseline estimate's enhancement and slices, where it gave the baseline volume.
void addBaselineConfidence(std::vector<std::pair<std::string, std::string>>& entries,
                           const nlohmann::json& confidence) {
  if (!confidence.is_object()) return;
  char text[96];
  const auto& enhancement = fieldOf(confidence, "enhancement_over_white_matter");
  const auto& slices = fieldOf(confidence, "slice_thickness_mm");
  std::snprintf(text, sizeof text, "%.2f times white matter, on %.1f mm slices",
                enhancement.is_number() ? enhancement.get<double>() : 0.0,
                slices.is_number() ? slices.get<double>() : 0.0);
  entries.emplace_back("Baseline estimate's enhancement", text);
}

std::string progressOf(const nlohmann::json& job) {
  const auto& progress = fieldOf(job, "progress");
  if (!progress.is_number()) return escapeHtml(formatProgress(progress));
  return "<progress max=\"1\" value=\"" + escapeHtml(std::to_string(progress.get<double>())) +
         "\">" + escapeHtml(formatProgress(progress)) + "</progress> " +
         escapeHtml(formatProgress(progress));
}

// The ETA of a running job; a finished one may still carry its last estimate, which no longer
// means anything.
nlohmann::json etaOf(const nlohmann::json& job) {
  return fieldOf(job, "state") == "running" ? fieldOf(job, "eta_seconds") : nlohmann::json();
}

// Why a running job's training has not started (a cluster's queue), or empty.
std::string waitingText(const nlohmann::json& job) {
  const auto& waiting = fieldOf(job, "waiting");
  return waiting.is_string() ? "waiting: " + waiting.get<std::string>() : "";
}

// Where the job's training runs, in words: "Slurm job 42" for "slurm:42". Empty for none, and for
// a local run, whose process ID tells a reader nothing.
std::string trainingRunText(const nlohmann::json& job) {
  const auto& run = fieldOf(job, "training_run");
  if (!run.is_string()) return "";
  const auto text = run.get<std::string>();
  const auto colon = text.find(':');
  const auto backend = text.substr(0, colon);
  if (colon == std::string::npos || backend == "local") return "";
  const auto id = text.substr(colon + 1);
  return backend == "slurm" ? "Slurm job " + id : backend + " " + id;
}

// The stage, or while the training waits, why.
std::string stageText(const nlohmann::json& job) {
  const auto waiting = waitingText(job);
  return waiting.empty() ? text(job, "stage") : waiting;
}

std::string jobRow(const nlohmann::json& job) {
  const auto id = text(job, "id");
  const auto patient = text(job, "patient_ref");
  return "<tr><td>" + link("/jobs/" + id, id) + "</td>" + cell(text(job, "method")) +
         cell(text(job, "state")) + "<td>" + link("/patients/" + patient, patient) + "</td>" +
         cell(dateOf(job, "baseline_study_date")) + cell(dateOf(job, "followup_study_date")) +
         cell(stageText(job)) + "<td>" + progressOf(job) + "</td>" +
         cell(formatDuration(etaOf(job))) + cell(text(job, "attempts")) +
         cell(formatLocalTime(fieldOf(job, "created_at"))) +
         cell(formatLocalTime(fieldOf(job, "finished_at"))) + ranoCell(job) +
         cell(formatPercent(fieldOf(job, "change_percent"))) + cell(text(job, "error")) + "</tr>";
}

// A definition list of label and text pairs.
std::string facts(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string markup = "<dl class=\"facts\">";
  for (const auto& [label, value] : entries) {
    markup += "<dt>" + escapeHtml(label) + "</dt><dd>" + escapeHtml(value) + "</dd>";
  }
  return markup + "</dl>\n";
}

// "Stage training: [bar] 42 %, ETA 5 min 10 s", leaving out what the job does not have.
std::string progressLine(const nlohmann::json& job) {
  const auto& stage = fieldOf(job, "stage");
  const auto eta = etaOf(job);
  std::string line = "<p class=\"progress\">";
  if (!stage.is_null()) line += "Stage " + escapeHtml(formatValue(stage)) + ": ";
  line += progressOf(job);
  if (eta.is_number()) line += ", ETA " + escapeHtml(formatDuration(eta));
  return line + "</p>\n";
}

std::string overview(const nlohmann::json& job) {
  const auto patient = text(job, "patient_ref");
  std::string markup = "<section class=\"overview\">\n<p class=\"state state-" +
                       escapeHtml(text(job, "state")) + "\">" + escapeHtml(text(job, "state")) +
                       "</p>\n" + progressLine(job);
  if (const auto waiting = waitingText(job); !waiting.empty()) {
    markup += "<p class=\"waiting\">" + escapeHtml(waiting) + "</p>\n";
  }
  const auto& error = fieldOf(job, "error");
  if (!error.is_null()) markup += "<p class=\"error\">" + escapeHtml(formatValue(error)) + "</p>\n";
  markup += "<p>Patient " + link("/patients/" + patient, patient) + "</p>\n";
  std::vector<std::pair<std::string, std::string>> entries{
      {"Method", text(job, "method")},
      {"Baseline", dateOf(job, "baseline_study_date")},
      {"Follow-up", dateOf(job, "followup_study_date")},
      {"Reason", text(job, "reason")},
      {"Baseline series", text(job, "baseline_series_uid")},
      {"Follow-up series", text(job, "followup_series_uid")},
      {"Attempts", text(job, "attempts")},
      {"Service ended during it", text(job, "interruptions")},
      {"Created", formatLocalTime(fieldOf(job, "created_at"))},
      {"Started", formatLocalTime(fieldOf(job, "started_at"))},
      {"Finished", formatLocalTime(fieldOf(job, "finished_at"))}};
  if (const auto run = trainingRunText(job); !run.empty()) {
    entries.emplace_back("Training run", run);
  }
  return markup + facts(entries) + "</section>\n";
}

std::string actions(const nlohmann::json& job, const PageContext& context) {
  const auto base = "/api/v1/jobs/" + text(job, "id");
  std::string markup;
  if (fieldOf(job, "can_retry") == true) {
    markup += postButton(base + "/retry", "Retry", context.csrf_token, nlohmann::json::object());
  }
  if (fieldOf(job, "can_cancel") == true) {
    markup += postButton(base + "/cancel", "Cancel", context.csrf_token, nlohmann::json::object());
  }
  return markup.empty() ? "" : "<div class=\"actions\">" + markup + "</div>\n";
}

std::string lossCharts(const nlohmann::json& job) {
  const auto& losses = fieldOf(job, "losses");
  const auto& iterations = fieldOf(losses, "iteration");
  return "<section>\n<h2>Losses</h2>\n<div class=\"charts\">\n" +
         renderLossChart("Critic loss", "loss-critic", iterations, fieldOf(losses, "critic")) +
         renderLossChart("Generator loss", "loss-generator", iterations,
                         fieldOf(losses, "generator")) +
         "</div>\n</section>\n";
}

std::string previews(const nlohmann::json& job) {
  const auto& urls = fieldOf(job, "previews");
  if (!urls.is_array() || urls.empty()) return "";
  std::string markup = "<section>\n<h2>Heatmaps</h2>\n<div class=\"previews\">\n";
  for (const auto& url : urls) {
    markup += "<img src=\"" + escapeHtml(formatValue(url)) + "\" alt=\"Heatmap preview\">\n";
  }
  return markup + "</div>\n</section>\n";
}

std::string report(const nlohmann::json& job) {
  const auto& report = fieldOf(job, "report");
  if (!report.is_object()) return "";
  const auto& volumes = fieldOf(report, "volumes_ml");
  const auto& rano = fieldOf(report, "rano");
  const auto& timings = fieldOf(report, "timings_seconds");
  std::vector<std::pair<std::string, std::string>> entries{
      {"RANO class", ranoText(fieldOf(rano, "class"))},
      {"RANO reason", formatValue(fieldOf(rano, "reason"))},
      {"Baseline volume", formatMillilitres(fieldOf(volumes, "baseline"))},
      {"Follow-up volume", formatMillilitres(fieldOf(volumes, "followup"))},
      {"Change", formatMillilitres(fieldOf(volumes, "net_change")) + " (" +
                     formatPercent(fieldOf(report, "change_percent")) + ")"},
      {"Growth", formatMillilitres(fieldOf(volumes, "growth"))},
      {"Reduction", formatMillilitres(fieldOf(volumes, "reduction"))},
      {"Baseline volume source", formatValue(fieldOf(report, "baseline_volume_source"))},
      {"Profile", formatValue(fieldOf(report, "profile"))},
      {"Device", formatValue(fieldOf(report, "device"))}};
  addBaselineConfidence(entries, fieldOf(report, "baseline_confidence"));
  const auto& cautions = fieldOf(report, "cautions");
  if (cautions.is_array()) {
    for (const auto& caution : cautions) entries.emplace_back("Caution", formatValue(caution));
  }
  if (timings.is_object()) {
    for (const auto& [stage, seconds] : timings.items()) {
      auto label = "Time: " + stage;  // "training_and_inference" reads "training and inference"
      std::replace(label.begin(), label.end(), '_', ' ');
      entries.emplace_back(label, formatDuration(seconds));
    }
  }
  return "<section class=\"report\">\n<h2>Report of " + escapeHtml(text(job, "method")) +
         "</h2>\n" + notAssessableNotice(rano) + facts(entries) + "</section>\n";
}

std::string results(const nlohmann::json& job) {
  const auto& counts = fieldOf(job, "results");
  if (!counts.is_object()) return "";
  return "<p class=\"detail\">Results of " + escapeHtml(text(job, "method")) + ": " +
         escapeHtml(text(counts, "heatmaps")) + " heatmap(s), " +
         escapeHtml(text(counts, "reports")) + " report(s), " +
         escapeHtml(text(counts, "segmentations")) + " segmentation(s)</p>\n";
}

std::string logTable(const nlohmann::json& job) {
  std::vector<std::string> rows;
  const auto& log = fieldOf(job, "log");
  if (log.is_array()) {
    for (const auto& line : log) {
      rows.push_back("<tr>" + cell(formatLocalTime(fieldOf(line, "at"))) +
                     cell(text(line, "level")) + cell(text(line, "message")) + "</tr>");
    }
  }
  return "<section>\n<h2>Log</h2>\n" + table({"At", "Level", "Message"}, rows, "No log lines.") +
         "</section>\n";
}

}  // namespace

std::string renderJobsPage(const nlohmann::json& jobs, const PageContext& context) {
  std::vector<std::string> rows;
  const auto& list = fieldOf(jobs, "jobs");
  if (list.is_array()) {
    for (const auto& job : list) rows.push_back(jobRow(job));
  }
  const auto body =
      table({"Job", "Method", "State", "Patient", "Baseline", "Follow-up", "Stage", "Progress",
             "ETA", "Attempts", "Created", "Finished", "RANO", "Change", "Error"},
            rows, "No jobs yet.");
  return renderLayout(context, "Jobs", "jobs", body);
}

std::string renderJobPage(const nlohmann::json& job, const PageContext& context) {
  const auto body = overview(job) + actions(job, context) + report(job) + lossCharts(job) +
                    previews(job) + results(job) + logTable(job);
  return renderLayout(context, "Job " + text(job, "id"), "job", body);
}

}  // namespace everynet::service::admin
