#include "service/admin/http/router.h"

#include <set>
#include <sstream>

namespace everynet::service::admin {
namespace {

std::vector<std::string> segmentsOf(const std::string& path) {
  std::vector<std::string> segments;
  std::stringstream in(path);
  std::string segment;
  while (std::getline(in, segment, '/')) {
    if (!segment.empty()) segments.push_back(segment);
  }
  return segments;
}

bool isCapture(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(std::string method, std::string pattern, Access access, RouteHandler handler) {
  routes_.push_back({std::move(method), segmentsOf(pattern), access, std::move(handler)});
}

bool Router::fits(const Route& route, const std::vector<std::string>& segments,
                  std::map<std::string, std::string>& params) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& wanted = route.segments[i];
    if (isCapture(wanted)) {
      params[wanted.substr(1, wanted.size() - 2)] = segments[i];
    } else if (wanted != segments[i]) {
      return false;
    }
  }
  return true;
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
  const auto segments = segmentsOf(path);
  const std::string routed = method == "HEAD" ? "GET" : method;
  bool path_known = false;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!fits(route, segments, params)) continue;
    path_known = true;
    if (route.method == routed) return RouteFound{route.access, &route.handler, std::move(params)};
  }
  if (!path_known) return PathNotFound{};
  return MethodNotAllowed{allowedMethods(segments)};
}

std::string Router::allowedMethods(const std::vector<std::string>& segments) const {
  std::set<std::string> methods;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!fits(route, segments, params)) continue;
    methods.insert(route.method);
    if (route.method == "GET") methods.insert("HEAD");
  }
  std::string joined;
  for (const auto& method : methods) joined += (joined.empty() ? "" : ", ") + method;
  return joined;
}

}  // namespace everynet::service::admin
