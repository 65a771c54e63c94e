#pragma once

#include <string>

namespace everynet::test {

// The admin.password_hash for a password, made by `everynet admin hash-password` as an operator
// would (the password on its standard input). Fails the test when the command fails.
std::string adminPasswordHash(const std::string& password);

// The [admin] keys that let the password sign in, for ServiceFixture::setAdminConfig.
std::string adminConfigWithPassword(const std::string& password);

}  // namespace everynet::test
