#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace everynet::service {

struct DiskSpace {
  std::uint64_t free_bytes = 0;  // what an unprivileged process (the service) may still use
  std::uint64_t total_bytes = 0;
};

// The file system holding `path`; empty when it cannot be asked (e.g. the path is gone).
std::optional<DiskSpace> diskSpace(const std::filesystem::path& path);

}  // namespace everynet::service
