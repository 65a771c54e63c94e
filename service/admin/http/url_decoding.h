#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace everynet::service::admin {

// The one place where request paths, query strings and form bodies are percent-decoded.

// Decodes %XX escapes, and '+' as a space where `plus_is_space` (query strings and
// application/x-www-form-urlencoded bodies). Empty on a malformed escape.
std::optional<std::string> percentDecode(std::string_view text, bool plus_is_space);

// "a=1&b=x%20y" as {a: 1, b: "x y"}; a name without '=' has an empty value, a repeated name
// keeps its last value. Empty on a malformed escape.
std::optional<std::map<std::string, std::string>> parseUrlEncoded(std::string_view text);

struct RequestTarget {
  std::string path;  // decoded
  std::map<std::string, std::string> query;
};

// An origin-form request target ("/jobs/7?limit=5"). Empty when it does not start with '/', has
// a malformed escape, or its decoded path holds a control character.
std::optional<RequestTarget> parseRequestTarget(std::string_view target);

}  // namespace everynet::service::admin
