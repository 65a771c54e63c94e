#pragma once

#include "service/admin/admin_context.h"
#include "service/admin/http/router.h"

namespace everynet::service::admin {

// GET /healthz, GET /metrics and the JSON API under /api/v1/ (service/admin/API.md). The routes
// keep a reference to `context`, which must outlive the router.
void registerApiRoutes(Router& router, const AdminContext& context);

}  // namespace everynet::service::admin
