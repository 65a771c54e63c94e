#pragma once

#include "service/admin/admin_context.h"
#include "service/admin/http/router.h"

namespace everynet::service::admin {

// The HTML pages (service/admin/API.md), each rendered from its API document. The routes keep
// a reference to `context`, which must outlive the router.
void registerPageRoutes(Router& router, const AdminContext& context);

}  // namespace everynet::service::admin
