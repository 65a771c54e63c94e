#include "service/admin/http/http_types.h"

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

std::optional<Router::Match> Router::match(const std::string& method, const std::string& path,
                                           bool& method_allowed) const {
  const auto segments = segmentsOf(path);
  method_allowed = true;
  bool path_known = false;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool matches = true;
    for (std::size_t i = 0; i < segments.size() && matches; ++i) {
      const auto& wanted = route.segments[i];
      if (isCapture(wanted)) {
        params[wanted.substr(1, wanted.size() - 2)] = segments[i];
      } else {
        matches = wanted == segments[i];
      }
    }
    if (!matches) continue;
    path_known = true;
    if (route.method == method) return Match{route.access, &route.handler, std::move(params)};
  }
  method_allowed = !path_known;
  return std::nullopt;
}

}  // namespace everynet::service::admin
