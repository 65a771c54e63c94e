#pragma once

#include <string>
#include <string_view>

#include "service/admin/pages/page_context.h"

namespace everynet::service::admin {

// The page for an unknown patient or job (served with status 404); what says what was missing,
// e.g. "Job 42".
std::string renderNotFoundPage(std::string_view what, const PageContext& context);

}  // namespace everynet::service::admin
