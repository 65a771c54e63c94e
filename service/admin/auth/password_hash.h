#pragma once

#include <string>
#include <string_view>

namespace everynet::service::admin {

// PBKDF2-HMAC-SHA256 iterations of new hashes: OWASP's recommendation for this function (2023).
inline constexpr int kPasswordHashIterations = 600'000;

// The admin.password_hash for `password`: "pbkdf2-sha256$ITERATIONS$SALT$HASH" with a fresh
// 16-byte salt (service/config/admin_secret_formats.h).
std::string hashPassword(std::string_view password, int iterations = kPasswordHashIterations);

// Whether `password` hashes to `stored`, compared in constant time. Throws std::invalid_argument
// when `stored` is not a valid hash (the configuration loader rejects those).
bool passwordMatches(std::string_view password, std::string_view stored);

}  // namespace everynet::service::admin
