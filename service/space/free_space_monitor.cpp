#include "service/space/free_space_monitor.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace everynet::service {

FreeSpaceMonitor::FreeSpaceMonitor(std::filesystem::path data_dir, SpaceWatermarks marks,
                                   std::chrono::milliseconds refresh_interval)
    : FreeSpaceMonitor(
          data_dir, marks, [data_dir] { return diskSpace(data_dir); }, refresh_interval) {}

FreeSpaceMonitor::FreeSpaceMonitor(std::filesystem::path data_dir, SpaceWatermarks marks,
                                   SpaceReader read_space,
                                   std::chrono::milliseconds refresh_interval)
    : data_dir_(std::move(data_dir)),
      marks_(marks),
      read_space_(std::move(read_space)),
      refresh_interval_(refresh_interval) {}

FreeSpaceMonitor::Reading FreeSpaceMonitor::reading() {
  std::lock_guard lock(mutex_);
  readIfDue();
  return {free_bytes_, level_};
}

bool FreeSpaceMonitor::admitInstance(std::uint64_t size) {
  std::lock_guard lock(mutex_);
  readIfDue();
  if (!free_bytes_) return true;
  if (!admitsInstance(*free_bytes_, size, marks_)) return false;
  *free_bytes_ -= size;
  noteLevelChange();
  return true;
}

void FreeSpaceMonitor::readIfDue() {
  const auto now = std::chrono::steady_clock::now();
  if (read_at_ && now - *read_at_ < refresh_interval_) return;
  read_at_ = now;
  free_bytes_.reset();
  if (const auto space = read_space_()) free_bytes_ = space->free_bytes;
  noteLevelChange();
}

void FreeSpaceMonitor::noteLevelChange() {
  const auto level = free_bytes_ ? spaceLevel(*free_bytes_, marks_) : SpaceLevel::enough;
  if (level == level_) return;
  level_ = level;
  if (!free_bytes_) {
    spdlog::warn("{}: free space cannot be read; instances are stored and jobs start",
                 data_dir_.string());
    return;
  }
  const auto message = data_dir_.string() + ": " + spaceLevelMessage(level, *free_bytes_, marks_);
  switch (level) {
    case SpaceLevel::enough:
      spdlog::info("{}", message);
      break;
    case SpaceLevel::below_min_free:
      spdlog::warn("{}", message);
      break;
    case SpaceLevel::below_index_reserve:
      spdlog::error("{}", message);
      break;
  }
}

}  // namespace everynet::service
