#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace everynet::service::admin {

// A fresh bearer token for scripts and Prometheus, and the hash the configuration lists.
struct NewBearerToken {
  std::string token;       // 32 random bytes, URL-safe Base64: shown once, never stored
  std::string sha256_hex;  // for admin.token_hashes
};
NewBearerToken newBearerToken();

// Whether the SHA-256 of `token` is one of `token_hashes` (lower-case hex). Every entry is
// compared, each in constant time.
bool tokenListed(std::string_view token, const std::vector<std::string>& token_hashes);

}  // namespace everynet::service::admin
