#include "dicom/internal/handshake_deadlines.h"

#include <sys/socket.h>

namespace everynet::dicom::internal {

bool HandshakeDeadlines::start(int socket, Clock::time_point deadline, std::size_t max_pending) {
  std::lock_guard lock(mutex_);
  if (deadlines_.size() >= max_pending) return false;
  deadlines_[socket] = deadline;
  return true;
}

void HandshakeDeadlines::finish(int socket) {
  std::lock_guard lock(mutex_);
  deadlines_.erase(socket);
}

std::size_t HandshakeDeadlines::expire(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::size_t expired = 0;
  for (auto it = deadlines_.begin(); it != deadlines_.end();) {
    if (it->second > now) {
      ++it;
      continue;
    }
    ::shutdown(it->first, SHUT_RDWR);
    it = deadlines_.erase(it);
    ++expired;
  }
  return expired;
}

}  // namespace everynet::dicom::internal
