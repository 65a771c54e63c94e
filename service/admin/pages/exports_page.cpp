#include "service/admin/pages/exports_page.h"

#include <vector>

#include "service/admin/pages/display_format.h"
#include "service/admin/pages/html.h"
#include "service/admin/pages/layout.h"

namespace everynet::service::admin {
namespace {

std::string text(const nlohmann::json& object, const std::string& key) {
  return formatValue(fieldOf(object, key));
}

std::string destinationRow(const nlohmann::json& destination, const PageContext& context) {
  return "<tr>" + cell(text(destination, "destination")) + cell(text(destination, "ae_title")) +
         cell(text(destination, "host") + ":" + text(destination, "port")) +
         cell(text(destination, "pending")) + cell(text(destination, "due")) +
         cell(text(destination, "sent")) + cell(text(destination, "failed")) +
         cell(formatLocalTime(fieldOf(destination, "next_attempt_at"))) + "<td>" +
         postButton("/api/v1/exports/retry", "Re-send failed", context.csrf_token,
                    {{"destination", fieldOf(destination, "destination")}}) +
         "</td></tr>";
}

std::string troubledRow(const nlohmann::json& item) {
  const auto job = text(item, "job_ref");
  return "<tr>" + cell(text(item, "id")) + "<td>" + link("/jobs/" + job, job) + "</td>" +
         cell(text(item, "destination")) + cell(text(item, "sop_instance_uid")) +
         cell(text(item, "state")) + cell(text(item, "attempts")) +
         cell(formatLocalTime(fieldOf(item, "next_attempt_at"))) + cell(text(item, "last_error")) +
         "</tr>";
}

}  // namespace

std::string renderExportsPage(const nlohmann::json& exports, const PageContext& context) {
  std::vector<std::string> destination_rows;
  const auto& destinations = fieldOf(exports, "destinations");
  if (destinations.is_array()) {
    for (const auto& destination : destinations) {
      destination_rows.push_back(destinationRow(destination, context));
    }
  }
  std::vector<std::string> troubled_rows;
  const auto& troubled = fieldOf(exports, "troubled");
  if (troubled.is_array()) {
    for (const auto& item : troubled) troubled_rows.push_back(troubledRow(item));
  }
  const auto body = "<section>\n<h2>Destinations</h2>\n" +
                    table({"Destination", "AE title", "Address", "Pending", "Due", "Sent", "Failed",
                           "Next attempt", ""},
                          destination_rows, "No export destinations configured.") +
                    "</section>\n<section>\n<h2>Troubled exports</h2>\n" +
                    table({"Export", "Job", "Destination", "SOP Instance UID", "State", "Attempts",
                           "Next attempt", "Last error"},
                          troubled_rows, "No failed or retrying exports.") +
                    "</section>\n";
  return renderLayout(context, "Exports", "exports", body);
}

}  // namespace everynet::service::admin
