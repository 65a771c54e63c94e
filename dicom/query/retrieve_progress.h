#pragma once

#include <string>
#include <vector>

#include "dicom/dimse_status.h"
#include "dicom/store_scu.h"

namespace everynet::dicom {

// The sub-operation counts of a C-MOVE or C-GET (PS3.4 C.4.2.1.5, C.4.3.1.4).
struct SubOperationCounts {
  int remaining = 0;
  int completed = 0;
  int failed = 0;
  int warning = 0;
};

// One C-MOVE or C-GET can count at most this many sub-operations: the counts are US.
inline constexpr std::size_t kMaxSubOperations = 65535;

// Counts the results of C-STORE sub-operations: success completed, warning warning, failure and
// not sent failed, cancelled (never attempted) remaining.
SubOperationCounts countSubOperations(const std::vector<StoreResult>& results);

// The final status: Cancel (FE00) when cancelled; Success (0000) when every sub-operation
// completed; Refused A702 when none completed or warned but some failed; otherwise Warning B000
// (one or more failures or warnings).
QueryRetrieveStatus finalRetrieveStatus(const SubOperationCounts& counts, bool cancelled);

}  // namespace everynet::dicom
