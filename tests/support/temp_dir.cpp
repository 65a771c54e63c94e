#include "tests/support/temp_dir.h"

#include <stdlib.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace everynet::test {

TempDir::TempDir(std::string_view prefix) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  if (std::getenv("EVERYNET_KEEP_TEST_DIRS") != nullptr) return;
  std::error_code ignored;  // a destructor must not throw; a leftover directory is harmless
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace everynet::test
