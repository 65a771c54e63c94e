#pragma once

#include <string>
#include <string_view>

#include "service/admin/pages/page_context.h"

namespace everynet::service::admin {

// The page around body_markup: head with the stylesheet, the script and the CSRF token for it,
// the navigation with the current section marked, the signed-in principal and a sign-out form.
// page_name goes to <body data-page> so that admin.js knows what to refresh.
std::string renderLayout(const PageContext& context, std::string_view title,
                         std::string_view page_name, std::string_view body_markup);

}  // namespace everynet::service::admin
