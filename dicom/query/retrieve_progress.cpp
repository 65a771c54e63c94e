#include "dicom/query/retrieve_progress.h"

namespace everynet::dicom {

SubOperationCounts countSubOperations(const std::vector<StoreResult>& results) {
  SubOperationCounts counts;
  for (const auto& result : results) {
    switch (result.outcome) {
      case StoreOutcome::success:
        ++counts.completed;
        break;
      case StoreOutcome::warning:
        ++counts.warning;
        break;
      case StoreOutcome::failure:
      case StoreOutcome::not_sent:
        ++counts.failed;
        break;
      case StoreOutcome::cancelled:
        ++counts.remaining;
        break;
    }
  }
  return counts;
}

QueryRetrieveStatus finalRetrieveStatus(const SubOperationCounts& counts, bool cancelled) {
  if (cancelled) return QueryRetrieveStatus::cancel;
  if (counts.failed == 0 && counts.warning == 0) return QueryRetrieveStatus::success;
  if (counts.completed == 0 && counts.warning == 0) {
    return QueryRetrieveStatus::out_of_resources_sub_operations;
  }
  return QueryRetrieveStatus::sub_operations_failed;
}

}  // namespace everynet::dicom
