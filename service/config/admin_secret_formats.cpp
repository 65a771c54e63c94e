#include "service/config/admin_secret_formats.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace everynet::service {
namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64Value(char c) {
  const auto position = kBase64Alphabet.find(c);
  return position == std::string_view::npos ? -1 : static_cast<int>(position);
}

std::vector<std::string_view> splitOn(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

}  // namespace

PasswordHashFields parsePasswordHash(std::string_view encoded) {
  const auto parts = splitOn(encoded, '$');
  if (parts.size() != 4 || parts[0] != kPasswordHashScheme) {
    throw std::invalid_argument(
        "must be pbkdf2-sha256$ITERATIONS$SALT$HASH as printed by `everynet admin hash-password`");
  }
  PasswordHashFields fields;
  const auto [end, error] =
      std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), fields.iterations);
  if (error != std::errc() || end != parts[1].data() + parts[1].size() ||
      fields.iterations < kMinPasswordHashIterations ||
      fields.iterations > kMaxPasswordHashIterations) {
    throw std::invalid_argument("iterations must be a number between " +
                                std::to_string(kMinPasswordHashIterations) + " and " +
                                std::to_string(kMaxPasswordHashIterations));
  }
  auto salt = base64Decode(parts[2]);
  if (!salt || salt->size() < kMinPasswordSaltBytes) {
    throw std::invalid_argument("the salt must be Base64 of at least " +
                                std::to_string(kMinPasswordSaltBytes) + " bytes");
  }
  auto hash = base64Decode(parts[3]);
  if (!hash || hash->size() != kPasswordHashBytes) {
    throw std::invalid_argument("the hash must be Base64 of " + std::to_string(kPasswordHashBytes) +
                                " bytes");
  }
  fields.salt = std::move(*salt);
  fields.hash = std::move(*hash);
  return fields;
}

std::string formatPasswordHash(const PasswordHashFields& fields) {
  return std::string(kPasswordHashScheme) + "$" + std::to_string(fields.iterations) + "$" +
         base64Encode(fields.salt) + "$" + base64Encode(fields.hash);
}

bool isSha256Hex(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdefABCDEF") == text.npos;
}

std::string base64Encode(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t count = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      group = (group << 8) | (j < count ? static_cast<unsigned char>(bytes[i + j]) : 0u);
    }
    for (std::size_t j = 0; j < 4; ++j) {
      text += j <= count ? kBase64Alphabet[(group >> (18 - 6 * j)) & 0x3f] : '=';
    }
  }
  return text;
}

std::optional<std::string> base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;  // '=' characters, only at the very end
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  const std::string_view encoded = text.substr(0, text.size() - padding);
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const int value = i + j < encoded.size() ? base64Value(encoded[i + j]) : 0;
      if (value < 0) return std::nullopt;
      group = (group << 6) | static_cast<std::uint32_t>(value);
    }
    const std::size_t count = i + 4 < text.size() ? 3 : 3 - padding;
    // Canonical form: the bits below the last encoded byte are zero.
    if (count < 3 && (group & ((1u << (8 * (3 - count))) - 1)) != 0) return std::nullopt;
    for (std::size_t j = 0; j < count; ++j) {
      bytes += static_cast<char>((group >> (16 - 8 * j)) & 0xff);
    }
  }
  return bytes;
}

}  // namespace everynet::service
