#include "admin_password.h"

#include <gtest/gtest.h>

#include "service_fixture.h"

namespace everynet::test {

using namespace std::chrono_literals;

std::string adminPasswordHash(const std::string& password) {
  // runCommand gives the child /dev/null as stdin, so a shell pipes the password in; it is a
  // fixed test password without quotes.
  const auto result = runCommand({"sh", "-c",
                                  "printf '%s\\n' '" + password + "' | '" + everynetBinary() +
                                      "' admin hash-password 2>/dev/null"},
                                 60s);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  return result.output.substr(0, result.output.find('\n'));
}

std::string adminConfigWithPassword(const std::string& password) {
  return "password_hash = \"" + adminPasswordHash(password) + "\"\n";
}

}  // namespace everynet::test
