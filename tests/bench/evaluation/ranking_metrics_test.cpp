#include "tests/bench/evaluation/ranking_metrics.h"

#include <gtest/gtest.h>

namespace everynet::bench {
namespace {

TEST(RankingMetricsTest, PerfectSeparationScoresOne) {
  const auto m = rankingMetrics({0.9f, 0.8f, 0.1f, 0.0f}, {true, true, false, false});
  ASSERT_TRUE(m);
  EXPECT_DOUBLE_EQ(m->roc_auc, 1.0);
  EXPECT_DOUBLE_EQ(m->average_precision, 1.0);
}

TEST(RankingMetricsTest, ReversedScoresGiveZeroAuc) {
  const auto m = rankingMetrics({0.0f, 0.1f, 0.8f, 0.9f}, {true, true, false, false});
  ASSERT_TRUE(m);
  EXPECT_DOUBLE_EQ(m->roc_auc, 0.0);
  // Positives at ranks 3 and 4: precision 1/3 and 2/4.
  EXPECT_NEAR(m->average_precision, (1.0 / 3 + 2.0 / 4) / 2, 1e-12);
}

TEST(RankingMetricsTest, TiesCountHalfAndAHandWorkedCase) {
  // One positive tied with one negative: AUC 0.5.
  const auto tied = rankingMetrics({0.5f, 0.5f}, {true, false});
  ASSERT_TRUE(tied);
  EXPECT_DOUBLE_EQ(tied->roc_auc, 0.5);
  EXPECT_DOUBLE_EQ(tied->average_precision, 0.5);
  // Scores 0.9+, 0.7-, 0.6+, 0.2-: pairs (0.9 > both), (0.6 > 0.2, < 0.7): 3 of 4.
  const auto m = rankingMetrics({0.9f, 0.7f, 0.6f, 0.2f}, {true, false, true, false});
  ASSERT_TRUE(m);
  EXPECT_DOUBLE_EQ(m->roc_auc, 0.75);
  EXPECT_NEAR(m->average_precision, (1.0 + 2.0 / 3) / 2, 1e-12);
}

TEST(RankingMetricsTest, UndefinedWithoutPositivesOrNegatives) {
  EXPECT_FALSE(rankingMetrics({0.1f, 0.2f}, {false, false}));
  EXPECT_FALSE(rankingMetrics({0.1f, 0.2f}, {true, true}));
}

}  // namespace
}  // namespace everynet::bench
