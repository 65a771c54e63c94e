#include "service/admin/http/http_exchange.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <exception>
#include <string_view>

#include "service/admin/http/security_headers.h"
#include "service/admin/http/url_decoding.h"

namespace everynet::service::admin {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

std::string_view viewOf(beast::string_view text) {
  return {text.data(), text.size()};
}

std::string lowerCase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

HttpRequest toHttpRequest(BeastRequest& message, RequestTarget target, const std::string& peer) {
  HttpRequest request;
  request.method = std::string(viewOf(message.method_string()));
  request.path = std::move(target.path);
  request.query = std::move(target.query);
  for (const auto& field : message) {
    const std::string name = lowerCase(viewOf(field.name_string()));
    auto& value = request.headers[name];
    // Repeated fields are one list (RFC 9110 5.3); cookies have their own separator.
    if (!value.empty()) value += name == "cookie" ? "; " : ", ";
    value += viewOf(field.value());
  }
  request.body = std::move(message.body());
  request.peer_address = peer;
  return request;
}

HttpResponse plainAnswer(int status, std::string_view text) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::string(text) + "\n";
  addSecurityHeaders(response);
  return response;
}

// A line break in a header value would let it add headers of its own.
bool headersAreSafe(const HttpResponse& response) {
  const auto safe = [](const std::string& text) { return text.find_first_of("\r\n") == text.npos; };
  if (!safe(response.content_type)) return false;
  for (const auto& [name, value] : response.headers) {
    if (!safe(name) || !safe(value)) return false;
  }
  return true;
}

HttpResponse answer(BeastRequest& message, const std::string& peer, const RequestHandler& handler) {
  auto target = parseRequestTarget(viewOf(message.target()));
  if (!target) return plainAnswer(400, "bad request target");
  try {
    HttpResponse response = handler(toHttpRequest(message, std::move(*target), peer));
    if (headersAreSafe(response)) return response;
    spdlog::error("admin web: the answer to {} {} has a line break in a header",
                  viewOf(message.method_string()), viewOf(message.target()));
  } catch (const std::exception& error) {
    spdlog::error("admin web: {} {} failed: {}", viewOf(message.method_string()),
                  viewOf(message.target()), error.what());
  }
  return plainAnswer(500, "internal error, see the service log");
}

bool isHttpProtocolError(const beast::error_code& error) {
  return error.category() == http::make_error_code(http::error::bad_target).category();
}

}  // namespace

std::optional<Reply> replyTo(const beast::error_code& read_error, BeastRequest& message,
                             const std::string& peer, const RequestHandler& handler) {
  if (read_error == http::error::body_limit)
    return Reply{plainAnswer(413, "request body too large")};
  if (read_error && read_error != http::error::end_of_stream &&
      read_error != http::error::partial_message && isHttpProtocolError(read_error)) {
    return Reply{plainAnswer(400, "malformed request")};
  }
  if (read_error) return std::nullopt;  // closed, timed out or reset
  return Reply{answer(message, peer, handler), message.version(), message.keep_alive(),
               message.method() == http::verb::head};
}

BeastResponse toBeastResponse(Reply reply) {
  HttpResponse& response = reply.response;
  BeastResponse message{static_cast<http::status>(response.status), reply.version};
  message.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) message.insert(name, value);
  const auto length = response.body.size();
  if (!reply.head_request) message.body() = std::move(response.body);
  message.keep_alive(reply.keep_alive);
  message.content_length(length);
  return message;
}

}  // namespace everynet::service::admin
