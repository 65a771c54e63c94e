#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>

#include "service/space/disk_space.h"
#include "service/space/space_watermarks.h"

namespace everynet::service {

// Watches the free space of the data directory's file system against the watermarks. It reads
// the space (statvfs) at most once per refresh interval, and counts the instances it admitted
// since as spent, so that a burst of C-STOREs between two readings cannot pass a line unseen.
// Each change of level is logged once, with the free space and the line: a warning going below
// storage.min_free_mb, an error below the index's line, info when it is back above.
// Free space that cannot be read counts as enough: the disk itself still refuses what does not
// fit (A700). Thread-safe.
class FreeSpaceMonitor {
 public:
  using SpaceReader = std::function<std::optional<DiskSpace>()>;

  FreeSpaceMonitor(std::filesystem::path data_dir, SpaceWatermarks marks,
                   std::chrono::milliseconds refresh_interval = std::chrono::seconds(1));
  // The space as `read_space` says instead of the file system's (tests).
  FreeSpaceMonitor(std::filesystem::path data_dir, SpaceWatermarks marks, SpaceReader read_space,
                   std::chrono::milliseconds refresh_interval);

  struct Reading {
    std::optional<std::uint64_t>
        free_bytes;  // as read, less what was admitted since; empty: unknown
    SpaceLevel level = SpaceLevel::enough;
  };
  Reading reading();
  bool jobsMayStart() { return reading().level == SpaceLevel::enough; }
  bool ingestMayWriteIndex() { return reading().level != SpaceLevel::below_index_reserve; }
  // Whether an instance of `size` bytes may be stored now; if it may, its size counts as spent
  // until the next reading.
  bool admitInstance(std::uint64_t size);

  const SpaceWatermarks& watermarks() const { return marks_; }
  const std::filesystem::path& path() const { return data_dir_; }

 private:
  void readIfDue();        // under mutex_
  void noteLevelChange();  // under mutex_

  const std::filesystem::path data_dir_;
  const SpaceWatermarks marks_;
  const SpaceReader read_space_;
  const std::chrono::milliseconds refresh_interval_;
  std::mutex mutex_;
  std::optional<std::chrono::steady_clock::time_point> read_at_;
  std::optional<std::uint64_t> free_bytes_;
  SpaceLevel level_ = SpaceLevel::enough;  // as last logged
};

}  // namespace everynet::service
