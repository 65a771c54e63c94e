#pragma once

#include <optional>
#include <vector>

namespace everynet::bench {

// Voxel-wise detection quality of a score (higher: more likely positive) against a truth.
struct RankingMetrics {
  double roc_auc = 0;            // probability a positive outranks a negative; ties count half
  double average_precision = 0;  // mean precision at each positive, in descending score order
  std::size_t positives = 0;
  std::size_t negatives = 0;
};

// Nothing when there are no positives or no negatives (the metrics are undefined then).
std::optional<RankingMetrics> rankingMetrics(const std::vector<float>& scores,
                                             const std::vector<bool>& positive);

}  // namespace everynet::bench
