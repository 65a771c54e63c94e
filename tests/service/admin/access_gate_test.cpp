#include "service/admin/auth/access_gate.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "service/admin/auth/bearer_token.h"
#include "service/admin/auth/password_hash.h"
#include "service/admin/auth/session_cookie.h"
#include "service/admin/auth/sign_in.h"
#include "service/config/admin_secret_formats.h"

namespace everynet::service::admin {
namespace {

using namespace std::chrono_literals;

std::string headerOf(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

HttpResponse text(std::string body) {
  HttpResponse response;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

// Sign-in and access as the server applies them, without sockets: routes like the real ones
// (a public health check, a read and an act route in the API, a page) behind the gate.
class AccessGateTest : public ::testing::Test {
 protected:
  AccessGateTest() {
    sign_in_.addRoutes(router_);
    router_.add("GET", "/healthz", Access::public_route,
                [](const HttpRequest&) { return text("ok"); });
    router_.add("GET", "/api/v1/status", Access::read,
                [](const HttpRequest& request) { return text("status for " + request.principal); });
    router_.add("POST", "/api/v1/jobs/{id}/retry", Access::act, [](const HttpRequest& request) {
      return text("retried " + request.params.at("id"));
    });
    router_.add("GET", "/metrics", Access::read, [](const HttpRequest&) { return text("m 1"); });
    router_.add("GET", "/jobs/{id}", Access::read, [](const HttpRequest& request) {
      return text("job page " + request.params.at("id") + " csrf " + request.csrf_token);
    });
  }

  static HttpRequest request(std::string method, std::string path) {
    HttpRequest request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.peer_address = "127.0.0.1";
    return request;
  }

  HttpRequest withSession(HttpRequest request) {
    request.headers["cookie"] = "theme=dark; everynet_session=" + session_.id;
    return request;
  }

  HttpResponse handle(HttpRequest request) { return gate_.handle(std::move(request)); }

  static inline const std::string kPassword = "s3cret admin";
  static inline const std::string kPasswordHash =
      hashPassword(kPassword, kMinPasswordHashIterations);
  const NewBearerToken token_ = newBearerToken();
  std::chrono::steady_clock::time_point now_{};
  SessionStore sessions_{30min, [this] { return now_; }};
  SignIn sign_in_{AdminCredentials{kPasswordHash, {token_.sha256_hex}}, sessions_, false};
  Router router_;
  AccessGate gate_{router_, sign_in_};
  Session session_ = sessions_.create();
};

// A gate with only the sign-in routes, for credentials other than the fixture's.
struct SignInOnlyGate {
  SignInOnlyGate(AdminCredentials credentials, bool tls)
      : sign_in(std::move(credentials), sessions, tls) {
    sign_in.addRoutes(router);
  }

  HttpResponse postPassword(const std::string& password) {
    HttpRequest login;
    login.method = "POST";
    login.path = "/login";
    login.body = "password=" + password;
    return gate.handle(login);
  }

  SessionStore sessions{30min};
  SignIn sign_in;
  Router router;
  AccessGate gate{router, sign_in};
};

TEST_F(AccessGateTest, PublicRoutesNeedNoCredentials) {
  const auto response = handle(request("GET", "/healthz"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "ok");
  EXPECT_EQ(handle(request("GET", "/login")).status, 200);
}

TEST_F(AccessGateTest, WithoutCredentialsTheApiAnswers401AndPagesRedirectToLogin) {
  for (const char* path : {"/api/v1/status", "/metrics"}) {
    const auto response = handle(request("GET", path));
    EXPECT_EQ(response.status, 401) << path;
    EXPECT_EQ(headerOf(response, "WWW-Authenticate"), "Bearer realm=\"everynet\"");
    EXPECT_EQ(response.content_type, "application/json");
  }
  const auto page = handle(request("GET", "/jobs/7"));
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(headerOf(page, "Location"), "/login");
  EXPECT_EQ(handle(request("POST", "/api/v1/jobs/7/retry")).status, 401);
}

TEST_F(AccessGateTest, ASessionReadsAndSeesItsCsrfToken) {
  const auto response = handle(withSession(request("GET", "/jobs/7")));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "job page 7 csrf " + session_.csrf_token);
  EXPECT_EQ(handle(withSession(request("GET", "/api/v1/status"))).body, "status for admin");
}

TEST_F(AccessGateTest, AnUnknownOrExpiredSessionIsNone) {
  auto forged = request("GET", "/api/v1/status");
  forged.headers["cookie"] = "everynet_session=" + session_.csrf_token;
  EXPECT_EQ(handle(forged).status, 401);
  now_ += 31min;
  EXPECT_EQ(handle(withSession(request("GET", "/api/v1/status"))).status, 401);
}

TEST_F(AccessGateTest, ASessionMustSendItsCsrfTokenToAct) {
  EXPECT_EQ(handle(withSession(request("POST", "/api/v1/jobs/7/retry"))).status, 403);

  auto wrong = withSession(request("POST", "/api/v1/jobs/7/retry"));
  wrong.headers["x-csrf-token"] = session_.csrf_token + "x";
  EXPECT_EQ(handle(wrong).status, 403);

  auto with_header = withSession(request("POST", "/api/v1/jobs/7/retry"));
  with_header.headers["x-csrf-token"] = session_.csrf_token;
  const auto response = handle(with_header);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "retried 7");

  auto with_form = withSession(request("POST", "/api/v1/jobs/7/retry"));
  with_form.headers["content-type"] = "application/x-www-form-urlencoded; charset=UTF-8";
  with_form.body = "x=1&csrf=" + session_.csrf_token;
  EXPECT_EQ(handle(with_form).status, 200);

  // The field counts only in a form body, not in JSON that happens to look like one.
  auto not_a_form = withSession(request("POST", "/api/v1/jobs/7/retry"));
  not_a_form.headers["content-type"] = "application/json";
  not_a_form.body = "csrf=" + session_.csrf_token;
  EXPECT_EQ(handle(not_a_form).status, 403);
}

TEST_F(AccessGateTest, ABearerTokenReadsAndActsWithoutCsrf) {
  auto read = request("GET", "/api/v1/status");
  read.headers["authorization"] = "Bearer " + token_.token;
  const auto status = handle(read);
  EXPECT_EQ(status.status, 200);
  EXPECT_EQ(status.body, "status for token:" + token_.sha256_hex.substr(0, 8));

  auto act = request("POST", "/api/v1/jobs/3/retry");
  act.headers["authorization"] = "Bearer " + token_.token;
  EXPECT_EQ(handle(act).status, 200);

  auto unknown = request("GET", "/api/v1/status");
  unknown.headers["authorization"] = "Bearer " + newBearerToken().token;
  EXPECT_EQ(handle(unknown).status, 401);
  auto hash_as_token = request("GET", "/api/v1/status");
  hash_as_token.headers["authorization"] = "Bearer " + token_.sha256_hex;
  EXPECT_EQ(handle(hash_as_token).status, 401);
}

TEST_F(AccessGateTest, UnknownPathsAre404AndWrongMethods405WithTheAllowedOnes) {
  EXPECT_EQ(handle(request("GET", "/nothing/here")).status, 404);
  const auto get_an_act_route = handle(request("GET", "/api/v1/jobs/7/retry"));
  EXPECT_EQ(get_an_act_route.status, 405);
  EXPECT_EQ(headerOf(get_an_act_route, "Allow"), "POST");
  const auto delete_a_page = handle(request("DELETE", "/healthz"));
  EXPECT_EQ(delete_a_page.status, 405);
  EXPECT_EQ(headerOf(delete_a_page, "Allow"), "GET, HEAD");
  EXPECT_EQ(handle(request("HEAD", "/api/v1/jobs/7/retry")).status, 405);
}

TEST_F(AccessGateTest, HeadIsAnsweredByTheGetRouteBehindTheSameSignIn) {
  const auto health = handle(request("HEAD", "/healthz"));
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "ok");  // the server sends only its length
  EXPECT_EQ(handle(request("HEAD", "/api/v1/status")).status, 401);
  EXPECT_EQ(handle(request("HEAD", "/jobs/3")).status, 303);
  EXPECT_EQ(handle(withSession(request("HEAD", "/jobs/3"))).status, 200);
}

TEST_F(AccessGateTest, EveryAnswerCarriesTheSecurityHeaders) {
  for (auto response : {handle(request("GET", "/healthz")), handle(request("GET", "/jobs/1")),
                        handle(request("GET", "/nope"))}) {
    EXPECT_EQ(headerOf(response, "Content-Security-Policy"),
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    EXPECT_EQ(headerOf(response, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(headerOf(response, "Referrer-Policy"), "no-referrer");
    EXPECT_EQ(headerOf(response, "Cache-Control"), "no-store");
    EXPECT_EQ(headerOf(response, "X-Frame-Options"), "DENY");
  }
}

TEST_F(AccessGateTest, ARouteThatThrowsAnswers500) {
  router_.add("GET", "/api/v1/broken", Access::read,
              [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("disk gone"); });
  auto broken = withSession(request("GET", "/api/v1/broken"));
  const auto response = handle(broken);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("disk gone"), std::string::npos);  // details go to the log only
}

TEST_F(AccessGateTest, TheRightPasswordSignsInWithAStrictHttpOnlyCookie) {
  auto login = request("POST", "/login");
  login.headers["content-type"] = "application/x-www-form-urlencoded";
  login.body = "password=s3cret+admin";
  const auto response = handle(login);
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(headerOf(response, "Location"), "/");
  EXPECT_EQ(response.send_delay, 0ms);
  const std::string cookie = headerOf(response, "Set-Cookie");
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;  // plain HTTP here

  auto next = request("GET", "/api/v1/status");
  next.headers["cookie"] = cookie.substr(0, cookie.find(';'));
  EXPECT_EQ(handle(next).status, 200);
}

TEST_F(AccessGateTest, AWrongPasswordIsRefusedSlowlyWithoutACookie) {
  auto login = request("POST", "/login");
  login.headers["content-type"] = "application/x-www-form-urlencoded";
  login.body = "password=guess";
  const auto response = handle(login);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.send_delay, kFailedSignInDelay);
  EXPECT_EQ(headerOf(response, "Set-Cookie"), "");
  EXPECT_NE(response.body.find("Wrong password"), std::string::npos);

  auto empty = request("POST", "/login");
  EXPECT_EQ(handle(empty).status, 400);
}

TEST_F(AccessGateTest, LogoutEndsTheSession) {
  auto logout = withSession(request("POST", "/logout"));
  logout.headers["x-csrf-token"] = session_.csrf_token;
  const auto response = handle(logout);
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(headerOf(response, "Location"), "/login");
  EXPECT_TRUE(headerOf(response, "Set-Cookie").starts_with("everynet_session=; Max-Age=0"));
  EXPECT_EQ(handle(withSession(request("GET", "/api/v1/status"))).status, 401);
}

TEST(AccessGateSecureCookies, UnderTlsTheCookieIsSecure) {
  SignInOnlyGate gate(AdminCredentials{hashPassword("pw", kMinPasswordHashIterations), {}}, true);
  const auto response = gate.postPassword("pw");
  ASSERT_EQ(response.status, 303);
  EXPECT_TRUE(headerOf(response, "Set-Cookie").ends_with("; Secure"));
}

TEST(AccessGateSlowPassword, OnlyOnePasswordIsCheckedAtATime) {
  // A hash that takes over a second to check (5 million iterations), whatever the password.
  PasswordHashFields fields;
  fields.iterations = 5'000'000;
  fields.salt = std::string(kMinPasswordSaltBytes, 's');
  fields.hash = std::string(kPasswordHashBytes, '\0');
  SignInOnlyGate gate(AdminCredentials{formatPasswordHash(fields), {}}, false);
  auto first = std::async(std::launch::async, [&] { return gate.postPassword("guess"); });
  std::this_thread::sleep_for(200ms);
  const auto second = gate.postPassword("guess");
  EXPECT_EQ(second.status, 429);
  EXPECT_EQ(second.send_delay, kFailedSignInDelay);
  EXPECT_EQ(first.get().status, 401);
}

TEST(AccessGateTokensOnly, PasswordSignInIsRefusedWhenNoHashIsSet) {
  SignInOnlyGate gate(AdminCredentials{"", {newBearerToken().sha256_hex}}, false);
  EXPECT_EQ(gate.postPassword("").status, 401);
}

}  // namespace
}  // namespace everynet::service::admin
