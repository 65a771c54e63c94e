// The admin web's transport and sign-in over real sockets, as curl sees them: a password hash and
// a bearer token made by the `everynet admin` commands, plain HTTP and HTTPS, and a service
// without credentials, which serves no admin web at all.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "admin_password.h"
#include "service_fixture.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kPassword = "pa ss&word=1";  // needs form encoding

struct CurlAnswer {
  int exit_code = -1;
  int status = 0;
  std::string headers;  // as received, lower-cased for searching
  std::string body;
};

std::string lowerCase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

class AdminHttpTest : public ServiceFixture {
 protected:
  // Runs curl against the admin port; headers go to one file and the body to another.
  CurlAnswer curl(const std::string& path, std::vector<std::string> options = {},
                  const std::string& scheme = "http") {
    const auto headers = dir() / "curl-headers.txt";
    const auto body = dir() / "curl-body.txt";
    std::filesystem::remove(headers);
    std::filesystem::remove(body);
    std::vector<std::string> argv{"curl",           "-sS", "--max-time", "20", "-D",
                                  headers.string(), "-o",  body.string()};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back(scheme + "://127.0.0.1:" + std::to_string(adminPort()) + path);
    const auto result = runCommand(argv, 30s);
    CurlAnswer answer;
    answer.exit_code = result.exit_code;
    if (std::filesystem::exists(headers)) answer.headers = lowerCase(readFile(headers));
    if (std::filesystem::exists(body)) answer.body = readFile(body);
    if (answer.headers.starts_with("http/1.1 "))
      answer.status = std::stoi(answer.headers.substr(9, 3));
    return answer;
  }

  // `everynet admin new-token`: the token, and the config line with its hash.
  std::pair<std::string, std::string> newToken() {
    const auto result =
        runCommand({"sh", "-c", "'" + everynetBinary() + "' admin new-token 2>/dev/null"}, 30s);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    const auto newline = result.output.find('\n');
    return {result.output.substr(0, newline), result.output.substr(newline + 1)};
  }

  bool waitForAdminWeb(const std::string& scheme, const std::vector<std::string>& options = {}) {
    return waitUntil([&] { return curl("/healthz", options, scheme).status == 200; }, 20s);
  }
};

TEST_F(AdminHttpTest, SignInSessionsTokensAndCsrfOverHttp) {
  const auto [token, token_line] = newToken();
  ASSERT_TRUE(token_line.starts_with("token_hashes = [\"")) << token_line;
  setAdminConfig(adminConfigWithPassword(kPassword) + token_line);
  startService();
  ASSERT_TRUE(waitForAdminWeb("http")) << serviceLog();
  EXPECT_NE(serviceLog().find("admin web on http://127.0.0.1:" + std::to_string(adminPort())),
            std::string::npos);

  const auto health = curl("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_NE(health.headers.find("content-security-policy: default-src 'none'; script-src 'self'"),
            std::string::npos)
      << health.headers;
  EXPECT_NE(health.headers.find("x-frame-options: deny"), std::string::npos);
  EXPECT_NE(health.headers.find("cache-control: no-store"), std::string::npos);

  const auto anonymous = curl("/api/v1/status");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_NE(anonymous.headers.find("www-authenticate: bearer realm=\"everynet\""),
            std::string::npos);
  const auto with_token = curl("/api/v1/status", {"-H", "Authorization: Bearer " + token});
  EXPECT_EQ(with_token.status, 200) << with_token.body;
  EXPECT_NE(with_token.body.find("\"ae_title\""), std::string::npos) << with_token.body;
  EXPECT_EQ(curl("/api/v1/status", {"-H", "Authorization: Bearer wrong"}).status, 401);

  const auto dashboard = curl("/");
  EXPECT_EQ(dashboard.status, 303);
  EXPECT_NE(dashboard.headers.find("location: /login"), std::string::npos);
  EXPECT_EQ(curl("/login").status, 200);

  const auto started = Clock::now();
  const auto wrong = curl("/login", {"--data-urlencode", "password=pa ss&word=2"});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_GE(Clock::now() - started, 1s);  // failed sign-ins are slowed down
  EXPECT_EQ(wrong.headers.find("set-cookie"), std::string::npos);
  EXPECT_NE(serviceLog().find("failed sign-in from 127.0.0.1"), std::string::npos);
  EXPECT_EQ(serviceLog().find("word=2"), std::string::npos);  // never the password

  const auto jar = (dir() / "cookies.txt").string();
  const auto signed_in =
      curl("/login", {"-c", jar, "--data-urlencode", std::string("password=") + kPassword});
  EXPECT_EQ(signed_in.status, 303);
  EXPECT_NE(signed_in.headers.find("location: /\r\n"), std::string::npos) << signed_in.headers;
  const auto cookie_at = signed_in.headers.find("set-cookie: everynet_session=");
  ASSERT_NE(cookie_at, std::string::npos) << signed_in.headers;
  const auto cookie =
      signed_in.headers.substr(cookie_at, signed_in.headers.find('\r', cookie_at) - cookie_at);
  EXPECT_NE(cookie.find("; httponly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; samesite=strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("secure"), std::string::npos) << cookie;  // plain HTTP

  EXPECT_EQ(curl("/api/v1/status", {"-b", jar}).status, 200);
  EXPECT_EQ(curl("/", {"-b", jar}).status, 200);
  // An act route: the session without its CSRF token is refused, a bearer token needs none.
  EXPECT_EQ(curl("/api/v1/jobs/999/retry", {"-b", jar, "-X", "POST"}).status, 403);
  EXPECT_EQ(curl("/api/v1/jobs/999/retry", {"-b", jar, "-X", "POST", "-H", "X-CSRF-Token: forged"})
                .status,
            403);
  const auto token_act =
      curl("/api/v1/jobs/999/retry", {"-X", "POST", "-H", "Authorization: Bearer " + token});
  EXPECT_NE(token_act.status, 401);
  EXPECT_NE(token_act.status, 403);

  EXPECT_EQ(curl("/no/such/page", {"-b", jar}).status, 404);
  EXPECT_EQ(curl("/healthz", {"-X", "POST"}).status, 405);
  // Monitoring that probes with HEAD gets the GET's status.
  const auto probe = curl("/healthz", {"--head"});
  EXPECT_EQ(probe.exit_code, 0);
  EXPECT_EQ(probe.status, 200);
  EXPECT_NE(probe.headers.find("content-length: " + std::to_string(health.body.size())),
            std::string::npos)
      << probe.headers;
  EXPECT_EQ(curl("/", {"--head", "-b", jar}).status, 200);
  stopService();
}

TEST_F(AdminHttpTest, WithTlsOnlyHttpsIsServed) {
  const auto certificate = dir() / "admin-cert.pem";
  const auto key = dir() / "admin-key.pem";
  const auto made =
      runCommand({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                  "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                  "-keyout", key.string(), "-out", certificate.string()},
                 60s);
  ASSERT_EQ(made.exit_code, 0) << made.output;
  setAdminConfig(adminConfigWithPassword(kPassword) + "tls_certificate = \"" +
                 certificate.string() + "\"\ntls_key = \"" + key.string() + "\"\n");
  startService();
  const std::vector<std::string> trust{"--cacert", certificate.string()};
  ASSERT_TRUE(waitForAdminWeb("https", trust)) << serviceLog();
  EXPECT_NE(serviceLog().find("admin web on https://127.0.0.1:"), std::string::npos);

  const auto anonymous = curl("/api/v1/status", trust, "https");
  EXPECT_EQ(anonymous.status, 401);
  auto login_options = trust;
  login_options.insert(login_options.end(),
                       {"--data-urlencode", std::string("password=") + kPassword});
  const auto signed_in = curl("/login", login_options, "https");
  EXPECT_EQ(signed_in.status, 303);
  EXPECT_NE(signed_in.headers.find("; secure"), std::string::npos) << signed_in.headers;

  const auto plain = curl("/healthz");
  EXPECT_NE(plain.exit_code, 0);
  EXPECT_EQ(plain.status, 0);
  // Without the certificate trusted, curl refuses the server: it is really TLS, not a fallback.
  EXPECT_NE(curl("/healthz", {}, "https").exit_code, 0);
  stopService();
}

TEST_F(AdminHttpTest, WithoutCredentialsThereIsNoAdminWebAndTheLogSaysHowToEnableIt) {
  startService();
  const auto log = serviceLog();
  EXPECT_NE(log.find("admin web is off"), std::string::npos) << log;
  EXPECT_NE(log.find("everynet admin hash-password"), std::string::npos) << log;
  EXPECT_NE(log.find("admin.password_hash"), std::string::npos) << log;
  const auto refused = curl("/healthz");
  EXPECT_EQ(refused.exit_code, 7) << "curl: connection refused expected";  // CURLE_COULDNT_CONNECT
  stopService();
}

TEST_F(AdminHttpTest, AnAdminPortInUseStopsTheStartNamingAdminListen) {
  const auto config = dir() / "busy.toml";
  // The DICOM port itself: the service has bound it before the admin web tries.
  std::ofstream(config) << "[admin]\nlisten = \"127.0.0.1:" << port() << "\"\n"
                        << adminConfigWithPassword(kPassword);
  const auto result =
      runCommand({everynetBinary(), "serve", "--config", config.string(), "--data-dir",
                  dataDir().string(), "--dicom-port", std::to_string(port())},
                 60s);
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("admin.listen = \"127.0.0.1:" + std::to_string(port())),
            std::string::npos)
      << result.output;
}

TEST_F(AdminHttpTest, HashPasswordRefusesAnEmptyPasswordAndConfigCheckValidatesTheHash) {
  const auto empty = runCommand(
      {"sh", "-c", "printf '\\n' | '" + everynetBinary() + "' admin hash-password"}, 30s);
  EXPECT_EQ(empty.exit_code, 1) << empty.output;
  EXPECT_NE(empty.output.find("empty"), std::string::npos) << empty.output;

  const auto config = dir() / "check.toml";
  std::ofstream(config) << "[admin]\n" << adminConfigWithPassword("x");
  EXPECT_EQ(runCommand({everynetBinary(), "config", "check", config.string()}, 30s).exit_code, 0);
  std::ofstream(config) << "[admin]\npassword_hash = \"plain-text-password\"\n";
  const auto bad = runCommand({everynetBinary(), "config", "check", config.string()}, 30s);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("admin.password_hash"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace everynet::test
