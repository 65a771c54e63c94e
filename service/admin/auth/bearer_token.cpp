#include "service/admin/auth/bearer_token.h"

#include "service/admin/auth/crypto.h"

namespace everynet::service::admin {

NewBearerToken newBearerToken() {
  NewBearerToken fresh;
  fresh.token = randomUrlSafeToken(32);
  fresh.sha256_hex = sha256Hex(fresh.token);
  return fresh;
}

bool tokenListed(std::string_view token, const std::vector<std::string>& token_hashes) {
  const std::string hash = sha256Hex(token);
  bool listed = false;
  for (const auto& candidate : token_hashes) listed |= constantTimeEquals(hash, candidate);
  return listed;
}

}  // namespace everynet::service::admin
