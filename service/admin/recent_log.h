#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace everynet::service::admin {

// The most recent warning and error log lines, for the dashboard. Thread-safe: the logger adds
// lines from any thread while the admin routes read them.
class RecentLog {
 public:
  struct Line {
    double at = 0;        // Unix seconds
    std::string level;    // "warning" | "error" | "critical"
    std::string message;  // valid UTF-8
  };

  explicit RecentLog(std::size_t capacity);

  // Keeps the line, dropping the oldest once `capacity` lines are held.
  void add(Line line);
  // Newest first.
  std::vector<Line> lines() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<Line> lines_;  // oldest first
};

// Adds a sink (level warn) to spdlog's default logger that keeps its lines in a RecentLog of
// `capacity` lines. The sink belongs to the logger that is default now: call it after
// service::configureLogging, which installs a new default logger.
std::shared_ptr<RecentLog> attachRecentLog(std::size_t capacity);

}  // namespace everynet::service::admin
