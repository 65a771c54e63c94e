#include "service/admin/auth/session_cookie.h"

namespace everynet::service::admin {
namespace {

std::string cookieAttributes(bool secure) {
  return std::string("; Path=/; HttpOnly; SameSite=Strict") + (secure ? "; Secure" : "");
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string sessionCookie(std::string_view session_id, bool secure) {
  return std::string(kSessionCookieName) + "=" + std::string(session_id) + cookieAttributes(secure);
}

std::string expiredSessionCookie(bool secure) {
  return std::string(kSessionCookieName) + "=; Max-Age=0" + cookieAttributes(secure);
}

std::optional<std::string> cookieValue(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    const auto end = cookie_header.find(';');
    const auto pair = trimmed(cookie_header.substr(0, end));
    cookie_header =
        end == std::string_view::npos ? std::string_view() : cookie_header.substr(end + 1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && trimmed(pair.substr(0, equals)) == name) {
      return std::string(trimmed(pair.substr(equals + 1)));
    }
  }
  return std::nullopt;
}

}  // namespace everynet::service::admin
