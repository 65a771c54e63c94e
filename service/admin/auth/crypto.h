#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace everynet::service::admin {

// The few OpenSSL primitives sign-in needs. Each throws std::runtime_error when OpenSSL fails.

// `count` bytes from OpenSSL's CSPRNG (RAND_bytes).
std::string randomBytes(std::size_t count);
// `count` random bytes as URL-safe Base64 without padding: fit for cookies, headers and forms.
std::string randomUrlSafeToken(std::size_t count);
// SHA-256 of `data` as 64 lower-case hexadecimal digits.
std::string sha256Hex(std::string_view data);
// Equal contents, compared in time independent of where they differ (CRYPTO_memcmp); only the
// lengths may show in the timing.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace everynet::service::admin
