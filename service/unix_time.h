#pragma once

#include <chrono>
#include <ctime>
#include <string>

namespace everynet::service {

// Seconds since the Unix epoch: the time unit of the index.
inline double unixNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A time of the index as local date and time, e.g. "2026-11-23 14:05:09", for people.
inline std::string localTimeText(double unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  return text;
}

}  // namespace everynet::service
