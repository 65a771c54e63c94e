#include "service/admin/pages/not_found_page.h"

#include "service/admin/pages/html.h"
#include "service/admin/pages/layout.h"

namespace everynet::service::admin {

std::string renderNotFoundPage(std::string_view what, const PageContext& context) {
  const auto body = "<p>" + escapeHtml(what) + " does not exist. " +
                    link("/", "Back to the dashboard") + "</p>\n";
  return renderLayout(context, "Not found", "not-found", body);
}

}  // namespace everynet::service::admin
