#include "service/admin/pages/dashboard_page.h"

#include <string_view>
#include <vector>

#include "service/admin/pages/display_format.h"
#include "service/admin/pages/html.h"
#include "service/admin/pages/layout.h"

namespace everynet::service::admin {
namespace {

// A figure admin.js refreshes: `path` is its dotted place in the status document, `format` how
// both sides show it (number, bytes, time, list).
std::string field(std::string_view path, std::string_view format, std::string_view text) {
  return "<span data-field=\"" + escapeHtml(path) + "\" data-format=\"" + escapeHtml(format) +
         "\">" + escapeHtml(text) + "</span>";
}

std::string numberField(const nlohmann::json& document, const std::string& key) {
  return field(key, "number", formatValue(fieldOf(document, key)));
}

// A table admin.js rebuilds from the document's array `list`; it exists even when empty so that
// rows can appear later.
std::string liveTable(std::string_view list, const std::vector<std::string>& headers,
                      const std::vector<std::string>& rows) {
  std::string markup = "<table>\n<thead><tr>";
  for (const auto& header : headers) markup += "<th>" + escapeHtml(header) + "</th>";
  markup += "</tr></thead>\n<tbody data-list=\"" + escapeHtml(list) + "\" data-columns=\"" +
            std::to_string(headers.size()) + "\">\n";
  if (rows.empty()) {
    markup += "<tr class=\"empty\"><td colspan=\"" + std::to_string(headers.size()) +
              "\">None</td></tr>\n";
  }
  for (const auto& row : rows) markup += row + "\n";
  return markup + "</tbody>\n</table>\n";
}

std::string progressBar(const nlohmann::json& fraction) {
  const double value = fraction.is_number() ? fraction.get<double>() : 0.0;
  const auto text = formatProgress(fraction);
  return "<progress max=\"1\" value=\"" + escapeHtml(std::to_string(value)) + "\">" +
         escapeHtml(text) + "</progress> <span>" + escapeHtml(text) + "</span>";
}

// The stage, or while the job's training waits in a cluster's queue, why.
std::string stageOrWait(const nlohmann::json& job) {
  const auto& waiting = fieldOf(job, "waiting");
  return waiting.is_string() ? "waiting: " + waiting.get<std::string>()
                             : formatValue(fieldOf(job, "stage"));
}

std::string runningJobRow(const nlohmann::json& job) {
  const auto id = formatValue(fieldOf(job, "id"));
  return "<tr><td>" + link("/jobs/" + id, id) + "</td>" +
         cell(formatValue(fieldOf(job, "method"))) + cell(stageOrWait(job)) + "<td>" +
         progressBar(fieldOf(job, "progress")) + "</td>" +
         cell(formatDuration(fieldOf(job, "eta_seconds"))) +
         cell(formatValue(fieldOf(job, "device"))) + "</tr>";
}

std::string exportRow(const nlohmann::json& destination) {
  return "<tr>" + cell(formatValue(fieldOf(destination, "destination"))) +
         cell(formatValue(fieldOf(destination, "pending"))) +
         cell(formatValue(fieldOf(destination, "due"))) +
         cell(formatValue(fieldOf(destination, "sent"))) +
         cell(formatValue(fieldOf(destination, "failed"))) +
         cell(formatLocalTime(fieldOf(destination, "next_attempt_at"))) + "</tr>";
}

std::string errorRow(const nlohmann::json& error) {
  return "<tr>" + cell(formatLocalTime(fieldOf(error, "at"))) +
         cell(formatValue(fieldOf(error, "level"))) + cell(formatValue(fieldOf(error, "message"))) +
         "</tr>";
}

std::vector<std::string> rowsOf(const nlohmann::json& list,
                                std::string (*row)(const nlohmann::json&)) {
  std::vector<std::string> rows;
  if (list.is_array()) {
    for (const auto& item : list) rows.push_back(row(item));
  }
  return rows;
}

std::string joined(const nlohmann::json& list) {
  std::string text;
  if (!list.is_array()) return formatValue(list);
  for (const auto& item : list) text += (text.empty() ? "" : ", ") + formatValue(item);
  return text;
}

// The free-space watermark and the state against it; while below it, what that means.
std::string watermarkLines(const nlohmann::json& disk) {
  const auto& min_free = fieldOf(disk, "min_free_bytes");
  std::string markup =
      "<p class=\"detail\">watermark " +
      field("disk.min_free_bytes", "bytes",
            min_free.is_number() ? formatBytes(min_free.get<double>()) : formatValue(min_free)) +
      ", state " + field("disk.state", "number", formatValue(fieldOf(disk, "state"))) + "</p>";
  const auto& problem = fieldOf(disk, "problem");
  if (problem.is_string())
    markup += "<p class=\"error\">" + escapeHtml(problem.get<std::string>()) + "</p>";
  return markup;
}

std::string figures(const nlohmann::json& status) {
  const auto& jobs = fieldOf(status, "jobs");
  const auto& disk = fieldOf(status, "disk");
  std::string markup = "<section class=\"cards\">\n";
  markup += "<div class=\"card\"><h2>Instances today</h2><p class=\"figure\">" +
            numberField(status, "instances_today") + "</p></div>\n";
  markup += "<div class=\"card\"><h2>Associations</h2><p><span class=\"figure\">" +
            numberField(status, "associations_today") + "</span> today, <span class=\"figure\">" +
            numberField(status, "open_associations") + "</span> open</p></div>\n";
  markup += "<div class=\"card\"><h2>Queue</h2><dl class=\"queue\">";
  for (const char* state : {"queued", "running", "succeeded", "failed", "cancelled"}) {
    markup += std::string("<dt>") + state + "</dt><dd>" +
              field(std::string("jobs.") + state, "number", formatValue(fieldOf(jobs, state))) +
              "</dd>";
  }
  markup += "</dl></div>\n";
  markup += "<div class=\"card\"><h2>Devices in use</h2><p>" +
            field("devices", "list", joined(fieldOf(status, "devices"))) + "</p></div>\n";
  const auto& free_bytes = fieldOf(disk, "free_bytes");
  const auto& total_bytes = fieldOf(disk, "total_bytes");
  markup += "<div class=\"card\"><h2>Disk free</h2><p>" +
            field("disk.free_bytes", "bytes",
                  free_bytes.is_number() ? formatBytes(free_bytes.get<double>())
                                         : formatValue(free_bytes)) +
            " of " +
            field("disk.total_bytes", "bytes",
                  total_bytes.is_number() ? formatBytes(total_bytes.get<double>())
                                          : formatValue(total_bytes)) +
            "</p><p class=\"detail\">" + escapeHtml(formatValue(fieldOf(disk, "path"))) + "</p>" +
            watermarkLines(disk) + "</div>\n";
  return markup + "</section>\n";
}

}  // namespace

std::string renderDashboardPage(const nlohmann::json& status, const PageContext& context) {
  std::string body = figures(status);
  body += "<section>\n<h2>Running jobs</h2>\n" +
          liveTable("running_jobs", {"Job", "Method", "Stage", "Progress", "ETA", "Device"},
                    rowsOf(fieldOf(status, "running_jobs"), runningJobRow)) +
          "</section>\n";
  body += "<section>\n<h2>Export backlog</h2>\n" +
          liveTable("exports", {"Destination", "Pending", "Due", "Sent", "Failed", "Next attempt"},
                    rowsOf(fieldOf(status, "exports"), exportRow)) +
          "</section>\n";
  body += "<section>\n<h2>Recent warnings and errors</h2>\n" +
          liveTable("recent_errors", {"At", "Level", "Message"},
                    rowsOf(fieldOf(status, "recent_errors"), errorRow)) +
          "</section>\n";
  body += "<p class=\"detail\">" + escapeHtml(formatValue(fieldOf(status, "ae_title"))) +
          " on DICOM port " + escapeHtml(formatValue(fieldOf(status, "dicom_port"))) +
          ", version " + escapeHtml(formatValue(fieldOf(status, "version"))) + "; as of " +
          field("now", "time", formatLocalTime(fieldOf(status, "now"))) + "</p>\n";
  return renderLayout(context, "Dashboard", "dashboard", body);
}

}  // namespace everynet::service::admin
