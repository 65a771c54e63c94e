#pragma once

#include "service/admin/auth/sign_in.h"
#include "service/admin/http/router.h"

namespace everynet::service::admin {

// The admin web as a pure function of the request, apart from the transport: finds the route
// (404, 405), lets in only callers its Access allows, calls it, and adds the security headers
// to every answer.
// - public_route: anyone;
// - read: a session or a bearer token; without, 401 with WWW-Authenticate for /api/ and
//   /metrics, and a redirect (303) to /login for pages;
// - act: as read, and a session must also send its CSRF token (X-CSRF-Token header or `csrf`
//   form field), else 403. A bearer token needs none: browsers do not send it by themselves.
// A route that throws answers 500, logged. Thread-safe when the routes are.
class AccessGate {
 public:
  AccessGate(const Router& router, const SignIn& sign_in);

  HttpResponse handle(HttpRequest request) const;

 private:
  HttpResponse route(HttpRequest& request) const;

  const Router& router_;
  const SignIn& sign_in_;
};

}  // namespace everynet::service::admin
