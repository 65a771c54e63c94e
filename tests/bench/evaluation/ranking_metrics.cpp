#include "tests/bench/evaluation/ranking_metrics.h"

#include <algorithm>
#include <numeric>

namespace everynet::bench {

std::optional<RankingMetrics> rankingMetrics(const std::vector<float>& scores,
                                             const std::vector<bool>& positive) {
  RankingMetrics m;
  m.positives = static_cast<std::size_t>(std::count(positive.begin(), positive.end(), true));
  m.negatives = positive.size() - m.positives;
  if (m.positives == 0 || m.negatives == 0) return std::nullopt;

  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return scores[a] > scores[b]; });

  // Walk groups of equal scores from the top: AUC counts, for each positive, the negatives
  // ranked below it (half of those tied with it); AP takes the precision at the end of each group
  // for that group's positives, the usual convention for ties.
  double positives_above = 0, negatives_above = 0, auc_sum = 0, precision_sum = 0;
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin;
    double group_positives = 0, group_negatives = 0;
    while (end < order.size() && scores[order[end]] == scores[order[begin]]) {
      (positive[order[end]] ? group_positives : group_negatives) += 1;
      ++end;
    }
    const double negatives_below =
        static_cast<double>(m.negatives) - negatives_above - group_negatives;
    auc_sum += group_positives * (negatives_below + 0.5 * group_negatives);
    positives_above += group_positives;
    negatives_above += group_negatives;
    precision_sum += group_positives * positives_above / (positives_above + negatives_above);
    begin = end;
  }
  m.roc_auc = auc_sum / (static_cast<double>(m.positives) * static_cast<double>(m.negatives));
  m.average_precision = precision_sum / static_cast<double>(m.positives);
  return m;
}

}  // namespace everynet::bench
