#include "service/admin/pages/config_page.h"

#include <vector>

#include "service/admin/pages/display_format.h"
#include "service/admin/pages/html.h"
#include "service/admin/pages/layout.h"

namespace everynet::service::admin {
namespace {

bool holdsObjects(const nlohmann::json& array) {
  for (const auto& item : array) {
    if (item.is_object()) return true;
  }
  return false;
}

// One row per leaf; arrays of plain values stay one row, arrays of tables get an index each.
void addRows(const std::string& key, const nlohmann::json& value, std::vector<std::string>& rows) {
  if (value.is_object() && !value.empty()) {
    for (const auto& [name, member] : value.items()) {
      addRows(key.empty() ? name : key + "." + name, member, rows);
    }
  } else if (value.is_array() && holdsObjects(value)) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      addRows(key + "[" + std::to_string(i) + "]", value[i], rows);
    }
  } else {
    rows.push_back("<tr><th scope=\"row\">" + escapeHtml(key) + "</th>" + cell(formatValue(value)) +
                   "</tr>");
  }
}

}  // namespace

std::string renderConfigPage(const nlohmann::json& config, const PageContext& context) {
  std::vector<std::string> rows;
  addRows("", config, rows);
  const auto body = "<p class=\"detail\">As loaded at start; secrets are shown as (set).</p>\n" +
                    table({"Key", "Value"}, rows, "No configuration.");
  return renderLayout(context, "Configuration", "config", body);
}

}  // namespace everynet::service::admin
