// Bytes as one connection to the admin web sends them: each request read as the server reads it
// (Beast's parser with the server's body limit), routed and authenticated by the access gate,
// and its answer serialised; on while the connection is kept alive. The routes are those of the
// admin web (sign-in's own, the others as stubs). "@SESSION@" and "@CSRF@" in the input stand
// for a live session's cookie and CSRF token, and "@TOKEN@" for a listed bearer token, so that
// the fuzzer reaches what lies behind sign-in.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "service/admin/auth/access_gate.h"
#include "service/admin/auth/crypto.h"
#include "service/admin/auth/password_hash.h"
#include "service/admin/auth/session_store.h"
#include "service/admin/auth/sign_in.h"
#include "service/admin/http/http_exchange.h"
#include "service/config/admin_secret_formats.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace everynet::service::admin;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr std::string_view kToken = "fuzz-bearer-token";

// The input as a socket delivers it, then the peer's close.
class InputStream {
 public:
  explicit InputStream(std::string_view bytes) : rest_(bytes) {}

  template <class Buffers>
  std::size_t read_some(const Buffers& buffers, beast::error_code& error) {
    if (rest_.empty()) {
      error = net::error::eof;
      return 0;
    }
    const std::size_t copied = net::buffer_copy(buffers, net::buffer(rest_.data(), rest_.size()));
    rest_.remove_prefix(copied);
    error = {};
    return copied;
  }

  template <class Buffers>
  std::size_t read_some(const Buffers& buffers) {
    beast::error_code error;
    const std::size_t copied = read_some(buffers, error);
    if (error) throw beast::system_error(error);
    return copied;
  }

 private:
  std::string_view rest_;
};

HttpResponse stub(const HttpRequest& request) {
  HttpResponse response;
  response.body = request.method + " " + request.path + " as " + request.principal;
  for (const auto& [name, value] : request.params) response.body += " " + name + "=" + value;
  return response;
}

// An act route that answers with a header from the request, as redirects after a form do.
HttpResponse redirectStub(const HttpRequest& request) {
  HttpResponse response = stub(request);
  response.status = 303;
  response.headers.emplace_back("Location", "/jobs/" + request.params.at("id"));
  return response;
}

void addAdminRoutes(Router& router) {
  for (const char* path :
       {"/", "/api/v1/associations", "/api/v1/config", "/api/v1/exports", "/api/v1/jobs",
        "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/previews/{file}", "/api/v1/patients",
        "/api/v1/patients/{id}", "/api/v1/status", "/assets/admin.js", "/associations", "/config",
        "/exports", "/jobs", "/jobs/{id}", "/metrics", "/patients", "/patients/{id}"}) {
    router.add("GET", path, Access::read, stub);
  }
  router.add("GET", "/assets/admin.css", Access::public_route, stub);
  router.add("GET", "/healthz", Access::public_route, stub);
  router.add("POST", "/api/v1/exports/retry", Access::act, stub);
  router.add("POST", "/api/v1/jobs/{id}/cancel", Access::act, redirectStub);
  router.add("POST", "/api/v1/jobs/{id}/retry", Access::act, redirectStub);
}

void replaceAll(std::string& text, std::string_view placeholder, const std::string& value) {
  for (auto at = text.find(placeholder); at != text.npos;
       at = text.find(placeholder, at + value.size())) {
    text.replace(at, placeholder.size(), value);
  }
}

AdminCredentials credentials() {
  // The weakest hash the configuration allows: a sign-in the fuzzer tries costs the least.
  return {hashPassword("fuzz password", everynet::service::kMinPasswordHashIterations),
          {sha256Hex(kToken)}};
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  everynet::fuzz::logToNowhere();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const AdminCredentials kCredentials = credentials();
  // A fresh site per input: an input that signs out ends only its own session.
  SessionStore sessions(std::chrono::minutes(30));
  const Session session = sessions.create();
  const SignIn sign_in(kCredentials, sessions, false);
  Router router;
  sign_in.addRoutes(router);
  addAdminRoutes(router);
  const AccessGate gate(router, sign_in);
  const RequestHandler handler = [&gate](HttpRequest request) {
    return gate.handle(std::move(request));
  };

  std::string bytes(reinterpret_cast<const char*>(data), size);
  replaceAll(bytes, "@SESSION@", session.id);
  replaceAll(bytes, "@CSRF@", session.csrf_token);
  replaceAll(bytes, "@TOKEN@", std::string(kToken));
  InputStream stream(bytes);
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(HttpServerOptions{}.body_limit);
    beast::error_code error;
    http::read(stream, buffer, parser, error);
    auto reply = replyTo(error, parser.get(), "192.0.2.1", handler);
    if (!reply) break;
    const bool keep_alive = reply->keep_alive;
    std::ostringstream sent;
    sent << toBeastResponse(std::move(*reply));
    if (!keep_alive) break;
  }
  return 0;
}
