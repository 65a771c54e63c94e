#include "service/space/disk_space.h"

#include <sys/statvfs.h>

namespace everynet::service {

std::optional<DiskSpace> diskSpace(const std::filesystem::path& path) {
  struct statvfs stats {};
  if (::statvfs(path.c_str(), &stats) != 0) return std::nullopt;
  return DiskSpace{static_cast<std::uint64_t>(stats.f_bavail) * stats.f_frsize,
                   static_cast<std::uint64_t>(stats.f_blocks) * stats.f_frsize};
}

}  // namespace everynet::service
