#include "service/admin/auth/password_hash.h"

#include <openssl/evp.h>

#include <stdexcept>

#include "service/admin/auth/crypto.h"
#include "service/config/admin_secret_formats.h"

namespace everynet::service::admin {
namespace {

std::string pbkdf2Sha256(std::string_view password, const std::string& salt, int iterations) {
  std::string hash(kPasswordHashBytes, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(),
                        static_cast<int>(hash.size()),
                        reinterpret_cast<unsigned char*>(hash.data())) != 1) {
    throw std::runtime_error("OpenSSL could not compute PBKDF2 (PKCS5_PBKDF2_HMAC)");
  }
  return hash;
}

}  // namespace

std::string hashPassword(std::string_view password, int iterations) {
  PasswordHashFields fields;
  fields.iterations = iterations;
  fields.salt = randomBytes(kMinPasswordSaltBytes);
  fields.hash = pbkdf2Sha256(password, fields.salt, iterations);
  return formatPasswordHash(fields);
}

bool passwordMatches(std::string_view password, std::string_view stored) {
  const PasswordHashFields fields = parsePasswordHash(stored);
  return constantTimeEquals(pbkdf2Sha256(password, fields.salt, fields.iterations), fields.hash);
}

}  // namespace everynet::service::admin
