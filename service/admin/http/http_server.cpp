#include "service/admin/http/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <exception>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "service/admin/http/http_exchange.h"

namespace everynet::service::admin {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct Limits {
  std::chrono::seconds io_timeout;
  std::size_t body_limit;
};

// Requests and answers on one connection until either side closes it, a read or write times
// out, or a request is malformed (answered 400 or 413, then closed).
template <class Stream>
net::awaitable<void> exchangeMessages(Stream& stream, const std::string& peer, const Limits& limits,
                                      const RequestHandler& handler) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(limits.body_limit);
    beast::get_lowest_layer(stream).expires_after(limits.io_timeout);
    beast::error_code error;
    co_await http::async_read(stream, buffer, parser,
                              net::redirect_error(net::use_awaitable, error));
    auto reply = replyTo(error, parser.get(), peer, handler);
    if (!reply) co_return;
    if (reply->response.send_delay.count() > 0) {
      net::steady_timer delay(co_await net::this_coro::executor, reply->response.send_delay);
      co_await delay.async_wait(net::redirect_error(net::use_awaitable, error));
    }
    const bool keep_alive = reply->keep_alive;
    auto message = toBeastResponse(std::move(*reply));
    beast::get_lowest_layer(stream).expires_after(limits.io_timeout);
    co_await http::async_write(stream, message, net::redirect_error(net::use_awaitable, error));
    if (error || !keep_alive) co_return;
  }
}

net::awaitable<void> servePlain(tcp::socket socket, std::string peer, Limits limits,
                                const RequestHandler& handler) {
  beast::tcp_stream stream(std::move(socket));
  co_await exchangeMessages(stream, peer, limits, handler);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

net::awaitable<void> serveTls(tcp::socket socket, ssl::context& context, std::string peer,
                              Limits limits, const RequestHandler& handler) {
  beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), context);
  beast::get_lowest_layer(stream).expires_after(limits.io_timeout);
  beast::error_code error;
  co_await stream.async_handshake(ssl::stream_base::server,
                                  net::redirect_error(net::use_awaitable, error));
  if (error) {
    // Plain HTTP sent to the HTTPS port ends here too.
    spdlog::debug("admin web: TLS handshake with {} failed: {}", peer, error.message());
    co_return;
  }
  co_await exchangeMessages(stream, peer, limits, handler);
  beast::get_lowest_layer(stream).expires_after(limits.io_timeout);
  co_await stream.async_shutdown(net::redirect_error(net::use_awaitable, error));
}

void logFailure(std::exception_ptr failure) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    spdlog::error("admin web: connection failed: {}", error.what());
  }
}

tcp::endpoint endpointOf(net::io_context& io, std::string host, std::uint16_t port) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);  // an IPv6 literal as in URLs
  }
  beast::error_code error;
  const auto address = net::ip::make_address(host, error);
  if (!error) return {address, port};
  tcp::resolver resolver(io);
  const auto results = resolver.resolve(host, std::to_string(port), error);
  if (error || results.empty()) {
    throw ListenError("cannot resolve " + host + ": " + error.message());
  }
  return results.begin()->endpoint();
}

ssl::context tlsContext(const HttpServerOptions& options) {
  ssl::context context(ssl::context::tls_server);
  context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  beast::error_code error;
  context.use_certificate_chain_file(options.tls_certificate.string(), error);
  if (error) {
    throw std::runtime_error("cannot load the TLS certificate " + options.tls_certificate.string() +
                             ": " + error.message());
  }
  context.use_private_key_file(options.tls_key.string(), ssl::context::pem, error);
  if (error) {
    throw std::runtime_error("cannot load the TLS key " + options.tls_key.string() + ": " +
                             error.message());
  }
  return context;
}

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions server_options, RequestHandler request_handler)
      : options(std::move(server_options)),
        handler(std::move(request_handler)),
        io(std::make_unique<net::io_context>(options.threads)),
        acceptor(std::in_place, *io) {
    if (!options.tls_certificate.empty()) tls.emplace(tlsContext(options));
    const auto endpoint = endpointOf(*io, options.host, options.port);
    beast::error_code error;
    acceptor->open(endpoint.protocol(), error);
    if (!error) acceptor->set_option(net::socket_base::reuse_address(true), error);
    if (!error) acceptor->bind(endpoint, error);
    if (!error) acceptor->listen(net::socket_base::max_listen_connections, error);
    if (error) {
      throw ListenError("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                        ": " + error.message());
    }
    port = acceptor->local_endpoint().port();
  }

  net::awaitable<void> acceptConnections() {
    const Limits limits{options.io_timeout, options.body_limit};
    for (;;) {
      // A strand per connection: Beast's timeouts complete on the connection's executor.
      tcp::socket socket(net::make_strand(*io));
      beast::error_code error;
      co_await acceptor->async_accept(socket, net::redirect_error(net::use_awaitable, error));
      if (error == net::error::operation_aborted) co_return;
      if (error) {
        // Out of file descriptors, say: try again shortly rather than spin.
        spdlog::warn("admin web: accepting a connection failed: {}", error.message());
        net::steady_timer pause(*io, std::chrono::milliseconds(100));
        co_await pause.async_wait(net::redirect_error(net::use_awaitable, error));
        continue;
      }
      const auto remote = socket.remote_endpoint(error);
      std::string peer = error ? "unknown" : remote.address().to_string();
      const auto executor = socket.get_executor();
      if (tls) {
        net::co_spawn(executor, serveTls(std::move(socket), *tls, std::move(peer), limits, handler),
                      logFailure);
      } else {
        net::co_spawn(executor, servePlain(std::move(socket), std::move(peer), limits, handler),
                      logFailure);
      }
    }
  }

  const HttpServerOptions options;
  const RequestHandler handler;
  std::optional<ssl::context> tls;  // before io: connections still in io refer to it
  // Both go once the threads have ended; with io go the connections it still holds.
  std::unique_ptr<net::io_context> io;
  std::optional<tcp::acceptor> acceptor;
  std::uint16_t port = 0;
  std::vector<std::thread> threads;
};

HttpServer::HttpServer(HttpServerOptions options, RequestHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() {
  stop();
  join();
}

void HttpServer::start() {
  net::co_spawn(*impl_->io, impl_->acceptConnections(), logFailure);
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->io->run(); });
  }
}

void HttpServer::stop() {
  if (impl_->io) impl_->io->stop();
}

void HttpServer::join() {
  for (auto& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
  impl_->threads.clear();
  // Only after stop(): refuse new connections and close the open ones.
  if (impl_->io && impl_->io->stopped()) {
    impl_->acceptor.reset();
    impl_->io.reset();
  }
}

std::uint16_t HttpServer::port() const {
  return impl_->port;
}

bool HttpServer::tls() const {
  return impl_->tls.has_value();
}

}  // namespace everynet::service::admin
