#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>

namespace everynet::service {

// Which series are still being sent on an open association. A series is complete only once the
// associations that sent it are released, whatever its quiet period says. Thread-safe.
class OpenAssociations {
 public:
  void sentOn(std::int64_t series_ref, std::int64_t association_ref);
  void ended(std::int64_t association_ref);
  bool isOpen(std::int64_t series_ref) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::int64_t, std::set<std::int64_t>> series_by_association_;
};

}  // namespace everynet::service
