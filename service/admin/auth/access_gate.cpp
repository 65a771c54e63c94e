#include "service/admin/auth/access_gate.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <variant>

#include "dicom/network_text.h"
#include "service/admin/auth/crypto.h"
#include "service/admin/http/security_headers.h"
#include "service/admin/http/url_decoding.h"

namespace everynet::service::admin {
namespace {

// Paths that scripts and monitoring read: they get status codes, never a sign-in page.
bool isMachinePath(const std::string& path) {
  return path.starts_with("/api/") || path == "/metrics";
}

HttpResponse errorResponse(int status, const std::string& path, const std::string& message) {
  HttpResponse response;
  response.status = status;
  if (isMachinePath(path)) {
    response.content_type = "application/json";
    response.body = "{\"error\":\"" + message + "\"}";
  } else {
    response.content_type = "text/plain; charset=utf-8";
    response.body = message + "\n";
  }
  return response;
}

HttpResponse notSignedIn(const HttpRequest& request) {
  if (isMachinePath(request.path)) {
    auto response = errorResponse(401, request.path, "authentication required");
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"everynet\"");
    return response;
  }
  auto response = errorResponse(303, request.path, "sign in at /login");
  response.headers.emplace_back("Location", "/login");
  return response;
}

bool isFormBody(const HttpRequest& request) {
  const auto found = request.headers.find("content-type");
  if (found == request.headers.end()) return false;
  std::string type = found->second.substr(0, found->second.find(';'));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type == "application/x-www-form-urlencoded";
}

bool sentCsrfToken(const HttpRequest& request, const std::string& expected) {
  if (const auto header = request.headers.find("x-csrf-token"); header != request.headers.end()) {
    return constantTimeEquals(header->second, expected);
  }
  if (!isFormBody(request)) return false;
  const auto form = parseUrlEncoded(request.body);
  return form && form->contains("csrf") && constantTimeEquals(form->at("csrf"), expected);
}

}  // namespace

AccessGate::AccessGate(const Router& router, const SignIn& sign_in)
    : router_(router), sign_in_(sign_in) {}

HttpResponse AccessGate::handle(HttpRequest request) const {
  HttpResponse response;
  try {
    response = route(request);
  } catch (const std::exception& error) {
    spdlog::error("admin web: {} {} failed: {}", dicom::escapedForLog(request.method),
                  dicom::escapedForLog(request.path), dicom::escapedForLog(error.what()));
    response = errorResponse(500, request.path, "internal error, see the service log");
  }
  addSecurityHeaders(response);
  return response;
}

HttpResponse AccessGate::route(HttpRequest& request) const {
  auto routed = router_.match(request.method, request.path);
  if (std::holds_alternative<PathNotFound>(routed)) {
    return errorResponse(404, request.path, "not found");
  }
  if (const auto* not_allowed = std::get_if<MethodNotAllowed>(&routed)) {
    auto response = errorResponse(405, request.path, "method not allowed");
    response.headers.emplace_back("Allow", not_allowed->allowed_methods);
    return response;
  }
  auto* match = std::get_if<RouteFound>(&routed);
  request.params = std::move(match->params);
  if (match->access != Access::public_route) {
    const auto caller = sign_in_.identify(request);
    if (!caller) return notSignedIn(request);
    if (match->access == Access::act && caller->credential == Caller::Credential::session &&
        !sentCsrfToken(request, caller->csrf_token)) {
      spdlog::warn("admin web: {} {} from {} without its CSRF token refused",
                   dicom::escapedForLog(request.method), dicom::escapedForLog(request.path),
                   request.peer_address);
      return errorResponse(403, request.path, "CSRF token missing or wrong");
    }
    request.principal = caller->principal;
    request.csrf_token = caller->csrf_token;
  }
  return (*match->handler)(request);
}

}  // namespace everynet::service::admin
