#pragma once

#include <filesystem>
#include <string_view>

namespace everynet::test {

// A fresh directory under the system temporary directory, removed with everything in it when the
// object goes away; set EVERYNET_KEEP_TEST_DIRS to keep it for a post-mortem.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "everynet-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace everynet::test
