#pragma once

#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "service/admin/http/http_types.h"

namespace everynet::service::admin {

// Who may reach a route. Every route but the public ones needs a signed-in session or a bearer
// token; `act` routes change something and also need the session's CSRF token (or a token).
enum class Access { public_route, read, act };

using RouteHandler = std::function<HttpResponse(const HttpRequest&)>;

// What a request's method and path lead to.
struct RouteFound {
  Access access;
  const RouteHandler* handler;                // owned by the router
  std::map<std::string, std::string> params;  // the route's captures
};
struct PathNotFound {};         // 404
struct MethodNotAllowed {       // 405: the path is served, for other methods
  std::string allowed_methods;  // for the Allow header: "GET, HEAD, POST"
};
using RouteMatch = std::variant<RouteFound, PathNotFound, MethodNotAllowed>;

// Routes by method and path pattern; `{name}` matches one path segment. Pure: no I/O.
class Router {
 public:
  void add(std::string method, std::string pattern, Access access, RouteHandler handler);

  // HEAD is answered by the GET route (RFC 9110 9.3.2).
  RouteMatch match(const std::string& method, const std::string& path) const;

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
  // The methods the path is served for, HEAD with GET.
  std::string allowedMethods(const std::vector<std::string>& segments) const;
  std::vector<Route> routes_;
};

}  // namespace everynet::service::admin
