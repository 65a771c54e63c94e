#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace everynet::service::admin {

// Who may reach a route. Every route but the public ones needs a signed-in session or a bearer
// token; `act` routes change something and also need the session's CSRF token (or a token).
enum class Access { public_route, read, act };

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

using RouteHandler = std::function<HttpResponse(const HttpRequest&)>;

// Routes by method and path pattern; `{name}` matches one path segment. Pure: no I/O.
class Router {
 public:
  void add(std::string method, std::string pattern, Access access, RouteHandler handler);

  struct Match {
    Access access;
    const RouteHandler* handler;
    std::map<std::string, std::string> params;
  };
  // Empty when no route has the path; `method_allowed` false when the path exists for another
  // method (405). HEAD is answered by the GET route (RFC 9110 9.3.2).
  std::optional<Match> match(const std::string& method, const std::string& path,
                             bool& method_allowed) const;
  // The methods the path is served for, for the Allow header of a 405: "GET, HEAD, POST".
  std::string allowedMethods(const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Access access;
    RouteHandler handler;
  };
  // Whether `segments` fit the route's pattern; fills the captures.
  static bool fits(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>& params);
  std::vector<Route> routes_;
};

}  // namespace everynet::service::admin
