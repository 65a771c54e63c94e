#include "service/admin/http/url_decoding.h"

#include <algorithm>

namespace everynet::service::admin {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool isControl(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

}  // namespace

std::optional<std::string> percentDecode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hexValue(text[i + 1]);
      const int low = hexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      decoded += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      decoded += ' ';
    } else {
      decoded += c;
    }
  }
  return decoded;
}

std::optional<std::map<std::string, std::string>> parseUrlEncoded(std::string_view text) {
  std::map<std::string, std::string> fields;
  while (!text.empty()) {
    const auto end = text.find('&');
    const auto pair = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    auto name = percentDecode(pair.substr(0, equals), true);
    auto value = percentDecode(
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
    if (!name || !value) return std::nullopt;
    fields.insert_or_assign(std::move(*name), std::move(*value));
  }
  return fields;
}

std::optional<RequestTarget> parseRequestTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  const auto question = target.find('?');
  auto path = percentDecode(target.substr(0, question), false);
  if (!path || std::any_of(path->begin(), path->end(),
                           [](char c) { return isControl(static_cast<unsigned char>(c)); })) {
    return std::nullopt;
  }
  std::map<std::string, std::string> query;
  if (question != std::string_view::npos) {
    auto parsed = parseUrlEncoded(target.substr(question + 1));
    if (!parsed) return std::nullopt;
    query = std::move(*parsed);
  }
  return RequestTarget{std::move(*path), std::move(query)};
}

}  // namespace everynet::service::admin
