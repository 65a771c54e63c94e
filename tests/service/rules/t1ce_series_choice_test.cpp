#include "service/rules/t1ce_series_choice.h"

#include <gtest/gtest.h>

#include <vector>

namespace everynet::service {
namespace {

T1ceCandidate candidate(const std::string& uid, const std::string& acquisition,
                        std::optional<double> thickness, std::optional<int> number) {
  T1ceCandidate c;
  c.series_instance_uid = uid;
  c.attributes.mr_acquisition_type = acquisition;
  c.attributes.slice_thickness_mm = thickness;
  c.attributes.series_number = number;
  return c;
}

TEST(T1ceSeriesChoiceTest, ASingleCandidateIsChosen) {
  const std::vector<T1ceCandidate> one{candidate("1", "2D", 5.0, 3)};
  EXPECT_EQ(chooseT1ceSeries(one).index, 0u);
}

TEST(T1ceSeriesChoiceTest, ThreeDBeatsTwoDWhateverTheThickness) {
  const std::vector<T1ceCandidate> c{candidate("2d", "2D", 0.5, 9), candidate("3d", "3D", 1.0, 2)};
  const auto choice = chooseT1ceSeries(c);
  EXPECT_EQ(choice.index, 1u);
  EXPECT_NE(choice.reason.find("3D"), std::string::npos) << choice.reason;
}

TEST(T1ceSeriesChoiceTest, ThenThinnestSlices) {
  const std::vector<T1ceCandidate> c{candidate("a", "3D", 1.2, 9), candidate("b", "3D", 0.9, 2),
                                     candidate("c", "3D", std::nullopt, 10)};
  const auto choice = chooseT1ceSeries(c);
  EXPECT_EQ(choice.index, 1u);
  EXPECT_NE(choice.reason.find("thinnest"), std::string::npos) << choice.reason;
}

TEST(T1ceSeriesChoiceTest, ThenHighestSeriesNumber) {
  const std::vector<T1ceCandidate> c{candidate("a", "3D", 1.0, 7), candidate("b", "3D", 1.0, 12),
                                     candidate("c", "3D", 1.0, std::nullopt)};
  const auto choice = chooseT1ceSeries(c);
  EXPECT_EQ(choice.index, 1u);
  EXPECT_NE(choice.reason.find("series number"), std::string::npos) << choice.reason;
  EXPECT_NE(choice.reason.find("3 T1ce series"), std::string::npos) << choice.reason;
}

}  // namespace
}  // namespace everynet::service
