#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace everynet::service::admin {

inline constexpr std::string_view kSessionCookieName = "everynet_session";

// The Set-Cookie value that gives the browser its session: HttpOnly (no script reads it),
// SameSite=Strict (no other site's page sends it), Path=/, and Secure when served over TLS. No
// expiry: it ends with the browser, and the server forgets idle sessions anyway.
std::string sessionCookie(std::string_view session_id, bool secure);
// The Set-Cookie value that removes it again.
std::string expiredSessionCookie(bool secure);

// The value of cookie `name` in a Cookie header ("a=1; everynet_session=xyz"); empty if absent.
std::optional<std::string> cookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace everynet::service::admin
