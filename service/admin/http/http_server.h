#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "service/admin/http/http_types.h"

namespace everynet::service::admin {

struct HttpServerOptions {
  std::string host;  // IP address or host name to bind
  std::uint16_t port = 0;
  // Both set: HTTPS only (PEM files); a plain HTTP client fails the TLS handshake.
  std::filesystem::path tls_certificate;
  std::filesystem::path tls_key;
  int threads = 4;                       // a slow route holds one of them
  std::chrono::seconds io_timeout{30};   // for the TLS handshake, each request and answer
  std::size_t body_limit = 1024 * 1024;  // bytes; a larger request body gets 413
};

// The address cannot be bound or listened on (in use, not ours, not resolvable).
class ListenError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Each request in, its answer out; runs on the server's threads, several at once.
using RequestHandler = std::function<HttpResponse(HttpRequest)>;

// HTTP/1.1 (keep-alive) or HTTPS transport over Boost.Beast with C++20 coroutines: it only
// moves bytes; what a request means is the handler's business. Beast stays out of this header.
class HttpServer {
 public:
  // Binds and listens at once; throws ListenError when the address cannot be used, and
  // std::runtime_error when the TLS certificate or key cannot be loaded.
  HttpServer(HttpServerOptions options, RequestHandler handler);
  ~HttpServer();  // stop(), then join()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void start();  // accepts connections on the server's threads; once only
  // Ends the server's threads once the answers being computed are sent. Thread-safe, returns at
  // once.
  void stop();
  // Waits for the threads; after stop(), also closes the listening socket and every connection.
  // From the thread that called start().
  void join();

  std::uint16_t port() const;  // the port bound
  bool tls() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace everynet::service::admin
