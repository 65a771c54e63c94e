#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace everynet::service::admin {

// One HTTP request as the routes see it, transport-free so routes are tested without sockets.
struct HttpRequest {
  std::string method;                          // "GET", "POST"
  std::string path;                            // decoded path, no query: "/jobs/7"
  std::map<std::string, std::string> query;    // decoded query parameters
  std::map<std::string, std::string> params;   // route captures: "/jobs/{id}" gives params["id"]
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string peer_address;  // the client's IP address, for the log
  // Set by the server after authentication: who is signed in ("admin" or the token's name), and
  // the session's CSRF token that forms and scripts must send back (empty for bearer tokens).
  std::string principal;
  std::string csrf_token;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Location
  // The server waits this long before sending the answer, without holding a thread: slows down
  // password guessing.
  std::chrono::milliseconds send_delay{0};
};

}  // namespace everynet::service::admin
