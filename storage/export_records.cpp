#include "storage/export_records.h"

#include <algorithm>
#include <cmath>

namespace everynet::storage {

const char* toString(ExportState state) {
  switch (state) {
    case ExportState::pending:
      return "pending";
    case ExportState::sent:
      return "sent";
    case ExportState::failed:
      return "failed";
  }
  return "unknown";
}

std::optional<ExportState> parseExportState(const std::string& text) {
  for (auto state : {ExportState::pending, ExportState::sent, ExportState::failed}) {
    if (text == toString(state)) return state;
  }
  return std::nullopt;
}

double exportRetryDelaySeconds(const ExportRetryPolicy& policy, int failed_attempts) {
  // 2^62 seconds is past any cap; the exponent is bounded so the power stays finite.
  const int doublings = std::clamp(failed_attempts - 1, 0, 62);
  return std::min(policy.initial_delay_seconds * std::ldexp(1.0, doublings),
                  policy.max_delay_seconds);
}

}  // namespace everynet::storage
