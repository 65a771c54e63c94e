#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace everynet::service {

// The stored forms of the admin web's secrets (admin.password_hash, admin.token_hashes), parsed
// here so that the configuration is checked at load; the hashing itself (OpenSSL) is in
// service/admin/auth.

// admin.password_hash: "pbkdf2-sha256$ITERATIONS$SALT$HASH", salt and hash in standard Base64
// with padding, the hash being PBKDF2-HMAC-SHA256 of the password.
struct PasswordHashFields {
  int iterations = 0;
  std::string salt;  // raw bytes, at least kMinPasswordSaltBytes
  std::string hash;  // raw bytes, kPasswordHashBytes
};

inline constexpr std::string_view kPasswordHashScheme = "pbkdf2-sha256";
inline constexpr int kMinPasswordHashIterations = 100'000;
inline constexpr int kMaxPasswordHashIterations = 10'000'000;
inline constexpr std::size_t kMinPasswordSaltBytes = 16;
inline constexpr std::size_t kPasswordHashBytes = 32;

// Throws std::invalid_argument saying which part is wrong.
PasswordHashFields parsePasswordHash(std::string_view encoded);
std::string formatPasswordHash(const PasswordHashFields& fields);

// admin.token_hashes entries: a SHA-256 digest as 64 hexadecimal digits, either case.
bool isSha256Hex(std::string_view text);

// Standard Base64 (RFC 4648 section 4) with padding.
std::string base64Encode(std::string_view bytes);
// Empty when `text` is not canonical padded Base64.
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace everynet::service
