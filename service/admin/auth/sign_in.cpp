#include "service/admin/auth/sign_in.h"

#include <spdlog/spdlog.h>

#include "dicom/network_text.h"
#include "service/admin/auth/bearer_token.h"
#include "service/admin/auth/crypto.h"
#include "service/admin/auth/login_form.h"
#include "service/admin/auth/password_hash.h"
#include "service/admin/auth/session_cookie.h"
#include "service/admin/http/url_decoding.h"

namespace everynet::service::admin {
namespace {

constexpr std::string_view kBearerPrefix = "Bearer ";

const std::string* header(const HttpRequest& request, const std::string& name) {
  const auto found = request.headers.find(name);
  return found == request.headers.end() ? nullptr : &found->second;
}

HttpResponse formPage(int status, std::string_view notice) {
  HttpResponse response;
  response.status = status;
  response.body = loginFormPage(notice);
  return response;
}

HttpResponse redirectTo(std::string location) {
  HttpResponse response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

}  // namespace

SignIn::SignIn(AdminCredentials credentials, SessionStore& sessions, bool secure_cookies)
    : credentials_(std::move(credentials)), sessions_(sessions), secure_cookies_(secure_cookies) {}

std::optional<Caller> SignIn::identify(const HttpRequest& request) const {
  if (const auto* authorization = header(request, "authorization");
      authorization && authorization->starts_with(kBearerPrefix)) {
    const std::string token = authorization->substr(kBearerPrefix.size());
    if (tokenListed(token, credentials_.token_hashes)) {
      return Caller{Caller::Credential::bearer_token, "token:" + sha256Hex(token).substr(0, 8), ""};
    }
    spdlog::warn("admin web: unknown bearer token from {} for {} {}", request.peer_address,
                 dicom::escapedForLog(request.method), dicom::escapedForLog(request.path));
  }
  if (const auto* cookies = header(request, "cookie")) {
    if (const auto id = cookieValue(*cookies, kSessionCookieName)) {
      if (const auto session = sessions_.resume(*id)) {
        return Caller{Caller::Credential::session, "admin", session->csrf_token};
      }
    }
  }
  return std::nullopt;
}

void SignIn::addRoutes(Router& router) const {
  router.add("GET", "/login", Access::public_route,
             [](const HttpRequest&) { return formPage(200, ""); });
  router.add("POST", "/login", Access::public_route,
             [this](const HttpRequest& request) { return logIn(request); });
  router.add("POST", "/logout", Access::act,
             [this](const HttpRequest& request) { return logOut(request); });
}

HttpResponse SignIn::logIn(const HttpRequest& request) const {
  if (credentials_.password_hash.empty()) {
    return formPage(401, "Sign-in with a password is not set up here (admin.password_hash).");
  }
  const auto form = parseUrlEncoded(request.body);
  if (!form || !form->contains("password")) return formPage(400, "Enter the password.");
  // One password check at a time (0.2 s of CPU each at 600,000 iterations): guessing in
  // parallel gains nothing, and sign-in attempts cannot occupy every server thread.
  std::unique_lock checking(password_check_, std::try_to_lock);
  if (!checking.owns_lock()) {
    spdlog::warn("admin web: sign-in from {} refused: another one is being checked",
                 request.peer_address);
    auto response = formPage(429, "Another sign-in is being checked; try again.");
    response.send_delay = kFailedSignInDelay;
    return response;
  }
  if (!passwordMatches(form->at("password"), credentials_.password_hash)) {
    spdlog::warn("admin web: failed sign-in from {}", request.peer_address);
    auto response = formPage(401, "Wrong password.");
    response.send_delay = kFailedSignInDelay;
    return response;
  }
  const Session session = sessions_.create();
  spdlog::info("admin web: signed in from {}", request.peer_address);
  auto response = redirectTo("/");
  response.headers.emplace_back("Set-Cookie", sessionCookie(session.id, secure_cookies_));
  return response;
}

HttpResponse SignIn::logOut(const HttpRequest& request) const {
  if (const auto* cookies = header(request, "cookie")) {
    if (const auto id = cookieValue(*cookies, kSessionCookieName)) sessions_.end(*id);
  }
  auto response = redirectTo("/login");
  response.headers.emplace_back("Set-Cookie", expiredSessionCookie(secure_cookies_));
  return response;
}

}  // namespace everynet::service::admin
