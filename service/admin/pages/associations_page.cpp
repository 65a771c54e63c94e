#include "service/admin/pages/associations_page.h"

#include <vector>

#include "service/admin/pages/display_format.h"
#include "service/admin/pages/html.h"
#include "service/admin/pages/layout.h"

namespace everynet::service::admin {

std::string renderAssociationsPage(const nlohmann::json& associations, const PageContext& context) {
  std::vector<std::string> rows;
  const auto& list = fieldOf(associations, "associations");
  if (list.is_array()) {
    for (const auto& association : list) {
      rows.push_back("<tr>" + cell(formatValue(fieldOf(association, "calling_ae"))) +
                     cell(formatValue(fieldOf(association, "called_ae"))) +
                     cell(formatValue(fieldOf(association, "peer_address"))) +
                     cell(formatLocalTime(fieldOf(association, "started_at"))) +
                     cell(formatLocalTime(fieldOf(association, "ended_at"))) +
                     cell(formatValue(fieldOf(association, "instances_received"))) +
                     cell(formatValue(fieldOf(association, "outcome"))) + "</tr>");
    }
  }
  const auto body =
      table({"Calling AE", "Called AE", "Peer", "Started", "Ended", "Instances", "Outcome"}, rows,
            "No associations yet.");
  return renderLayout(context, "Associations", "associations", body);
}

}  // namespace everynet::service::admin
