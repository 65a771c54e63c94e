#include "service/ingest/open_associations.h"

namespace everynet::service {

void OpenAssociations::sentOn(std::int64_t series_ref, std::int64_t association_ref) {
  std::lock_guard lock(mutex_);
  series_by_association_[association_ref].insert(series_ref);
}

void OpenAssociations::ended(std::int64_t association_ref) {
  std::lock_guard lock(mutex_);
  series_by_association_.erase(association_ref);
}

bool OpenAssociations::isOpen(std::int64_t series_ref) const {
  std::lock_guard lock(mutex_);
  for (const auto& [association, series] : series_by_association_) {
    if (series.contains(series_ref)) return true;
  }
  return false;
}

}  // namespace everynet::service
