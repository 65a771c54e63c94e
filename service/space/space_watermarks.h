#pragma once

#include <cstdint>
#include <string>

#include "service/config/config.h"

namespace everynet::service {

// The two lines of free space on the data directory's file system, in bytes; 0: that line is off.
struct SpaceWatermarks {
  std::uint64_t min_free_bytes = 0;       // storage.min_free_mb
  std::uint64_t index_reserve_bytes = 0;  // storage.index_reserve_mb
};

SpaceWatermarks watermarksOf(const Config::Storage& storage);

// Where the free space stands against the watermarks.
enum class SpaceLevel {
  enough,               // at or above both lines
  below_min_free,       // C-STORE refused with A700, queued jobs wait; C-ECHO, Q/R, exports go on
  below_index_reserve,  // as above, and ingest writes nothing to the index (no association rows)
};

SpaceLevel spaceLevel(std::uint64_t free_bytes, const SpaceWatermarks& marks);

// Whether an instance of `size` bytes may be stored with `free_bytes` free: the level is enough,
// and writing it does not take the free space below the index's line.
bool admitsInstance(std::uint64_t free_bytes, std::uint64_t size, const SpaceWatermarks& marks);

// "ok", "below_min_free" or "below_index_reserve", as /healthz and /api/v1/status name it.
const char* toString(SpaceLevel level);

// One sentence for the log and /healthz: the free space, the line it is below (or above) and what
// follows from it.
std::string spaceLevelMessage(SpaceLevel level, std::uint64_t free_bytes,
                              const SpaceWatermarks& marks);

}  // namespace everynet::service
