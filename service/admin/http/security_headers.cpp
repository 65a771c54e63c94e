#include "service/admin/http/security_headers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace everynet::service::admin {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kSecurityHeaders{{
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"Cache-Control", "no-store"},
    {"X-Frame-Options", "DENY"},
}};

bool sameName(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

void addSecurityHeaders(HttpResponse& response) {
  for (const auto& [name, value] : kSecurityHeaders) {
    // Named in the capture: clang 14 (the fuzzing build) cannot capture a structured binding.
    const bool present = std::any_of(
        response.headers.begin(), response.headers.end(),
        [&wanted = name](const auto& header) { return sameName(header.first, wanted); });
    if (!present) response.headers.emplace_back(name, value);
  }
}

}  // namespace everynet::service::admin
