#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <unordered_map>

namespace everynet::dicom::internal {

// Connections still sending their association request, each with the time by which the whole
// request must have arrived. A caller trickling one byte at a time resets every read timeout;
// this deadline it cannot. Thread-safe.
class HandshakeDeadlines {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts the clock for `socket`; false when `max_pending` requests are already being read.
  bool start(int socket, Clock::time_point deadline, std::size_t max_pending);
  // The request was read (or failed): `socket` is no longer watched. Call before it is closed.
  void finish(int socket);
  // Shuts down (without closing) every socket past its deadline, which ends its reads; returns
  // how many.
  std::size_t expire(Clock::time_point now);

 private:
  std::mutex mutex_;
  std::unordered_map<int, Clock::time_point> deadlines_;
};

}  // namespace everynet::dicom::internal
