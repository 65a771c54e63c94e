#include "service/space/space_watermarks.h"

#include <cstdio>

namespace everynet::service {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

std::string mib(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / kMiB);
  return text;
}

}  // namespace

SpaceWatermarks watermarksOf(const Config::Storage& storage) {
  return {static_cast<std::uint64_t>(storage.min_free_mb) * kMiB,
          static_cast<std::uint64_t>(storage.index_reserve_mb) * kMiB};
}

SpaceLevel spaceLevel(std::uint64_t free_bytes, const SpaceWatermarks& marks) {
  if (free_bytes < marks.index_reserve_bytes) return SpaceLevel::below_index_reserve;
  if (free_bytes < marks.min_free_bytes) return SpaceLevel::below_min_free;
  return SpaceLevel::enough;
}

bool admitsInstance(std::uint64_t free_bytes, std::uint64_t size, const SpaceWatermarks& marks) {
  if (spaceLevel(free_bytes, marks) != SpaceLevel::enough) return false;
  if (marks.index_reserve_bytes == 0) return true;
  return size <= free_bytes && free_bytes - size >= marks.index_reserve_bytes;
}

const char* toString(SpaceLevel level) {
  switch (level) {
    case SpaceLevel::enough:
      return "ok";
    case SpaceLevel::below_min_free:
      return "below_min_free";
    case SpaceLevel::below_index_reserve:
      return "below_index_reserve";
  }
  return "ok";
}

std::string spaceLevelMessage(SpaceLevel level, std::uint64_t free_bytes,
                              const SpaceWatermarks& marks) {
  const std::string free = "free space " + mib(free_bytes);
  switch (level) {
    case SpaceLevel::enough:
      return free + " is at or above storage.min_free_mb (" + mib(marks.min_free_bytes) +
             "): instances are stored and jobs start";
    case SpaceLevel::below_min_free:
      return free + " is below storage.min_free_mb (" + mib(marks.min_free_bytes) +
             "): C-STORE is refused with Out of Resources (A700) and queued jobs wait; C-ECHO, "
             "Query/Retrieve and exports go on";
    case SpaceLevel::below_index_reserve:
      return free + " is below storage.index_reserve_mb (" + mib(marks.index_reserve_bytes) +
             "): C-STORE is refused with Out of Resources (A700), queued jobs wait, and "
             "associations are no longer recorded in the index";
  }
  return free;
}

}  // namespace everynet::service
