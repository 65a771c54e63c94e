#pragma once

#include <boost/beast/http.hpp>
#include <optional>
#include <string>

#include "service/admin/http/http_server.h"

namespace everynet::service::admin {

// What HttpServer does with each request it reads, apart from the connection, so that it can be
// driven by bytes alone (tests/fuzz).

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The answer to one read from a connection, and how it is sent.
struct Reply {
  HttpResponse response;
  unsigned version = 11;
  bool keep_alive = false;
  bool head_request = false;  // the answer goes without its body
};

// The reply to a read that ended with `read_error`, else to `message`: 413 for a body over the
// limit, 400 for a malformed request or request target, 500 when the handler throws or puts a
// line break in a header. Empty when the connection just ended (closed, timed out, reset).
std::optional<Reply> replyTo(const boost::beast::error_code& read_error, BeastRequest& message,
                             const std::string& peer, const RequestHandler& handler);

// The reply as Beast sends it. A HEAD request gets the GET's headers, its Content-Length
// included, without the body (RFC 9110 9.3.2).
BeastResponse toBeastResponse(Reply reply);

}  // namespace everynet::service::admin
