#include "service/admin/pages/html.h"

#include "service/json_output.h"

namespace everynet::service::admin {

std::string cell(std::string_view text) {
  return "<td>" + escapeHtml(text) + "</td>";
}

std::string link(std::string_view href, std::string_view text) {
  return "<a href=\"" + escapeHtml(href) + "\">" + escapeHtml(text) + "</a>";
}

std::string table(const std::vector<std::string>& headers, const std::vector<std::string>& rows,
                  std::string_view empty_text) {
  if (rows.empty()) return "<p class=\"empty\">" + escapeHtml(empty_text) + "</p>\n";
  std::string markup = "<table>\n<thead><tr>";
  for (const auto& header : headers) markup += "<th>" + escapeHtml(header) + "</th>";
  markup += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) markup += row + "\n";
  return markup + "</tbody>\n</table>\n";
}

std::string postButton(std::string_view action, std::string_view label, std::string_view csrf_token,
                       const nlohmann::json& json_body) {
  return "<form class=\"action\" method=\"post\" action=\"" + escapeHtml(action) +
         "\" data-json-body=\"" + escapeHtml(jsonText(json_body)) +
         "\"><input type=\"hidden\" name=\"csrf\" value=\"" + escapeHtml(csrf_token) +
         "\"><button type=\"submit\">" + escapeHtml(label) +
         "</button><span class=\"action-error\" role=\"alert\"></span></form>";
}

}  // namespace everynet::service::admin
