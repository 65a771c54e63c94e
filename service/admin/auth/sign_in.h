#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "service/admin/auth/session_store.h"
#include "service/admin/http/router.h"

namespace everynet::service::admin {

// What lets a caller in (config keys admin.password_hash and admin.token_hashes).
struct AdminCredentials {
  std::string password_hash;              // empty: no sign-in with a password
  std::vector<std::string> token_hashes;  // SHA-256 of bearer tokens, lower-case hex
};

// Who sent a request, as its credentials show.
struct Caller {
  enum class Credential { session, bearer_token };
  Credential credential;
  std::string principal;   // "admin" for a session, "token:" and the hash's first 8 digits
  std::string csrf_token;  // the session's; empty for a bearer token, which needs none
};

// How long a failed sign-in waits before its answer (the server does not hold a thread for it).
inline constexpr std::chrono::seconds kFailedSignInDelay{1};

// Sign-in with the admin password (browser sessions) and with bearer tokens (scripts,
// Prometheus). Thread-safe.
class SignIn {
 public:
  // `secure_cookies` under TLS: the session cookie is then sent over HTTPS only.
  SignIn(AdminCredentials credentials, SessionStore& sessions, bool secure_cookies);

  // The caller a listed bearer token (Authorization: Bearer) or a live session cookie shows;
  // empty for neither. An unknown bearer token is logged.
  std::optional<Caller> identify(const HttpRequest& request) const;

  // GET /login: the form. POST /login: the password, answered by a session cookie and a redirect
  // to the dashboard, or after kFailedSignInDelay by the form again (401; 429 while another
  // sign-in is being checked). POST /logout (act): ends the session, back to /login.
  void addRoutes(Router& router) const;

 private:
  HttpResponse logIn(const HttpRequest& request) const;
  HttpResponse logOut(const HttpRequest& request) const;

  const AdminCredentials credentials_;
  SessionStore& sessions_;
  const bool secure_cookies_;
  mutable std::mutex password_check_;
};

}  // namespace everynet::service::admin
