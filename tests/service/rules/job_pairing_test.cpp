#include "service/rules/job_pairing.h"

#include <gtest/gtest.h>

#include <vector>

namespace everynet::service {
namespace {

Timepoint at(const std::string& date, const std::string& series,
             std::optional<double> volume = std::nullopt) {
  return {"study-" + series, date, series, volume};
}

std::vector<std::pair<std::string, std::string>> pairsOf(const std::vector<JobPair>& pairs) {
  std::vector<std::pair<std::string, std::string>> result;
  for (const auto& p : pairs) result.emplace_back(p.baseline_series_uid, p.followup_series_uid);
  return result;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(JobPairingTest, ASingleTimepointMakesNoPair) {
  const std::vector<Timepoint> one{at("20260101", "A")};
  EXPECT_TRUE(jobPairsForTimeline(one, BaselinePolicy::previous, {}).empty());
}

TEST(JobPairingTest, PreviousPairsEachFollowUpWithTheTimepointBefore) {
  const std::vector<Timepoint> t{at("20260401", "B"), at("20260101", "A"), at("20260701", "C")};
  EXPECT_EQ(pairsOf(jobPairsForTimeline(t, BaselinePolicy::previous, {})),
            (Pairs{{"A", "B"}, {"B", "C"}}));
}

TEST(JobPairingTest, FirstPairsEachFollowUpWithTheEarliest) {
  const std::vector<Timepoint> t{at("20260101", "A"), at("20260401", "B"), at("20260701", "C")};
  EXPECT_EQ(pairsOf(jobPairsForTimeline(t, BaselinePolicy::first, {})),
            (Pairs{{"A", "B"}, {"A", "C"}}));
}

TEST(JobPairingTest, NadirTakesTheSmallestKnownVolumeElseTheFirst) {
  const std::vector<Timepoint> t{at("20260101", "A", 12.0), at("20260401", "B", 4.0),
                                 at("20260701", "C", 9.0), at("20261001", "D")};
  const auto pairs = jobPairsForTimeline(t, BaselinePolicy::nadir, {"B", "C"});
  EXPECT_EQ(pairsOf(pairs), (Pairs{{"B", "D"}}));
  EXPECT_NE(pairs[0].reason.find("nadir"), std::string::npos) << pairs[0].reason;
  const std::vector<Timepoint> unknown{at("20260101", "A"), at("20260401", "B")};
  const auto fallback = jobPairsForTimeline(unknown, BaselinePolicy::nadir, {});
  EXPECT_EQ(pairsOf(fallback), (Pairs{{"A", "B"}}));
  EXPECT_NE(fallback[0].reason.find("no tumour volume"), std::string::npos) << fallback[0].reason;
}

TEST(JobPairingTest, SameDateIsNotLater) {
  const std::vector<Timepoint> t{at("20260101", "A"), at("20260101", "B")};
  EXPECT_TRUE(jobPairsForTimeline(t, BaselinePolicy::previous, {}).empty());
  const std::vector<Timepoint> three{at("20260101", "A"), at("20260101", "B"), at("20260301", "C")};
  const auto pairs = pairsOf(jobPairsForTimeline(three, BaselinePolicy::previous, {}));
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].second, "C");
}

TEST(JobPairingTest, ATimepointWithoutAValidDateIsNeverPaired) {
  const std::vector<Timepoint> t{at("20260101", "A"), at("", "B"), at("20261340", "C"),
                                 at("2026-04-01", "D")};
  EXPECT_TRUE(jobPairsForTimeline(t, BaselinePolicy::previous, {}).empty());
  EXPECT_FALSE(isValidStudyDate("20260230"));
  EXPECT_TRUE(isValidStudyDate("20240229"));
}

TEST(JobPairingTest, AFollowUpThatHasAJobGetsNoOther) {
  const std::vector<Timepoint> t{at("20260101", "A"), at("20260401", "B")};
  EXPECT_TRUE(jobPairsForTimeline(t, BaselinePolicy::previous, {"B"}).empty());
}

TEST(JobPairingTest, AnOlderStudyArrivingLateIsPairedWithoutDisturbingTheOthers) {
  // A and C were paired; then B, taken between them, arrives.
  const std::vector<Timepoint> t{at("20260101", "A"), at("20260701", "C"), at("20260401", "B")};
  EXPECT_EQ(pairsOf(jobPairsForTimeline(t, BaselinePolicy::previous, {"C"})), (Pairs{{"A", "B"}}));
}

}  // namespace
}  // namespace everynet::service
