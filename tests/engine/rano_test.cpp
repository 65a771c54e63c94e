#include "engine/readout/rano.h"

#include <gtest/gtest.h>

namespace everynet::engine {
namespace {

TEST(RanoTest, BoundariesAreInclusive) {
  EXPECT_EQ(assessRano(10.0, 5.0, false).rano_class, RanoClass::response);  // ratio 0.5
  EXPECT_EQ(assessRano(10.0, 5.01, false).rano_class, RanoClass::stable_disease);
  EXPECT_EQ(assessRano(10.0, 12.5, false).rano_class, RanoClass::progression);  // ratio 1.25
  EXPECT_EQ(assessRano(10.0, 12.49, false).rano_class, RanoClass::stable_disease);
  EXPECT_EQ(assessRano(10.0, 10.0, false).rano_class, RanoClass::stable_disease);
}

TEST(RanoTest, ChangeIsInPercentOfTheBaseline) {
  EXPECT_DOUBLE_EQ(assessRano(8.0, 10.0, false).change_percent, 25.0);
  EXPECT_DOUBLE_EQ(assessRano(8.0, 2.0, false).change_percent, -75.0);
}

TEST(RanoTest, ANewLesionIsProgressionWhateverTheRatio) {
  const auto a = assessRano(10.0, 4.0, true);
  EXPECT_EQ(a.rano_class, RanoClass::progression);
  EXPECT_NE(a.reason.find("new enhancing lesion"), std::string::npos);
}

TEST(RanoTest, NoBaselineTumour) {
  EXPECT_EQ(assessRano(0.0, 0.0, false).rano_class, RanoClass::stable_disease);
  EXPECT_EQ(assessRano(0.0, 1.0, false).rano_class, RanoClass::progression);
  EXPECT_STREQ(toString(RanoClass::stable_disease), "stable disease");
}

}  // namespace
}  // namespace everynet::engine
