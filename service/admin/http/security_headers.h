#pragma once

#include "service/admin/http/http_types.h"

namespace everynet::service::admin {

// Adds the headers every admin answer carries: a strict Content-Security-Policy (scripts,
// styles and fetches from our own origin only, no frames), nosniff, no referrer, no caching
// (pages show patient data) and no framing. Headers the response already has are kept.
void addSecurityHeaders(HttpResponse& response);

}  // namespace everynet::service::admin
