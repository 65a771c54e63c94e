#pragma once

#include <chrono>

namespace everynet::service {

// Seconds since the Unix epoch: the time unit of the index.
inline double unixNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace everynet::service
