#include "tests/bench/evaluation/rano_tally.h"

#include <gtest/gtest.h>

namespace everynet::bench {
namespace {

TEST(RanoTallyTest, OutcomeReadsUnderscoresAsSpaces) {
  EXPECT_EQ(ranoOutcome("stable_disease", "stable disease"), RanoOutcome::correct);
  EXPECT_EQ(ranoOutcome("response", "progression"), RanoOutcome::wrong);
  EXPECT_EQ(ranoOutcome("progression", "not assessable"), RanoOutcome::withheld);
  EXPECT_EQ(ranoOutcome("progression", "not_assessable"), RanoOutcome::withheld);
}

TEST(RanoTallyTest, FalseProgressionOnlyWhereTheTruthIsStable) {
  EXPECT_TRUE(falseProgression("stable_disease", "progression"));
  EXPECT_FALSE(falseProgression("response", "progression"));
  EXPECT_FALSE(falseProgression("stable_disease", "response"));
  EXPECT_FALSE(falseProgression("stable_disease", "not assessable"));
}

TEST(RanoTallyTest, AccuracyOverAssessedCasesAndWithheldApart) {
  RanoTally tally;
  tally.add("progression", "progression", false);
  tally.add("response", "response", false);
  tally.add("response", "stable disease", false);
  tally.add("stable_disease", "progression", true);
  tally.add("stable_disease", "progression", false);
  tally.add("progression", "not assessable", false);
  EXPECT_EQ(tally.cases(), 6u);
  EXPECT_EQ(tally.assessed(), 5u);
  EXPECT_EQ(tally.withheld, 1u);
  EXPECT_DOUBLE_EQ(*tally.accuracy(), 2.0 / 5);
  EXPECT_DOUBLE_EQ(*tally.correctOrWithheld(), 3.0 / 6);
  EXPECT_EQ(tally.false_progressions, 2u);
  EXPECT_EQ(tally.false_progressions_no_change, 1u);
}

TEST(RanoTallyTest, NoAccuracyWhenEveryClassIsWithheld) {
  RanoTally tally;
  EXPECT_FALSE(tally.accuracy());
  EXPECT_FALSE(tally.correctOrWithheld());
  tally.add("response", "not assessable", false);
  EXPECT_FALSE(tally.accuracy());
  EXPECT_DOUBLE_EQ(*tally.correctOrWithheld(), 1.0);
}

}  // namespace
}  // namespace everynet::bench
