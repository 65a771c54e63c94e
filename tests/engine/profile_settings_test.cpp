#include "engine/core/profile_settings.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace everynet::engine {
namespace {

// The message of the std::invalid_argument a setting throws; fails the test if none is thrown.
std::string refusal(const std::string& assignment) {
  TrainingProfile profile;
  try {
    applyProfileSetting(profile, assignment);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  ADD_FAILURE() << assignment << " was accepted";
  return {};
}

TEST(ProfileSettingsTest, ASettingChangesThatFieldAndNoOther) {
  auto profile = *profileByName("cpu");
  const auto before = profile;
  applyProfileSetting(profile, "generator_iterations=1000");
  applyProfileSetting(profile, "generator_learning_rate=3e-4");
  applyProfileSetting(profile, "tumour_slice_fraction=0.9");
  EXPECT_EQ(profile.generator_iterations, 1000);
  EXPECT_DOUBLE_EQ(profile.generator_learning_rate, 3e-4);
  EXPECT_DOUBLE_EQ(profile.tumour_slice_fraction, 0.9);
  EXPECT_DOUBLE_EQ(profile.critic_learning_rate, before.critic_learning_rate);
  EXPECT_EQ(profile.critic_updates, before.critic_updates);
  EXPECT_EQ(profile.grid_xy, before.grid_xy);
}

TEST(ProfileSettingsTest, EveryKnownKeyIsAccepted) {
  for (const auto& key : profileSettingKeys()) {
    TrainingProfile profile;
    EXPECT_NO_THROW(applyProfileSetting(profile, key + "=1")) << key;
  }
}

TEST(ProfileSettingsTest, UnknownKeysMalformedValuesAndOutOfRangeValuesAreRefusedSayingWhy) {
  EXPECT_NE(refusal("grid_xy=64").find("unknown profile setting 'grid_xy'"), std::string::npos);
  EXPECT_NE(refusal("grid_xy=64").find("generator_iterations"), std::string::npos)
      << "the message lists the known keys";
  EXPECT_NE(refusal("generator_iterations").find("not key=value"), std::string::npos);
  EXPECT_NE(refusal("generator_iterations=ten").find("not a number"), std::string::npos);
  EXPECT_NE(refusal("generator_iterations=10x").find("not a number"), std::string::npos);
  EXPECT_NE(refusal("batch_size=0").find("out of range [1, 256]"), std::string::npos);
  EXPECT_NE(refusal("tumour_slice_fraction=1.5").find("out of range [0, 1]"), std::string::npos);
  EXPECT_NE(refusal("critic_learning_rate=0").find("out of range"), std::string::npos);
}

TEST(ProfileSettingsTest, AWidthDivisorNarrowsEveryGeneratorAndCriticWidth) {
  auto profile = *profileByName("cpu");
  const auto before = profile;
  applyProfileSetting(profile, "width_divisor=2");
  ASSERT_EQ(profile.generator_widths.size(), before.generator_widths.size());
  for (std::size_t i = 0; i < before.generator_widths.size(); ++i) {
    EXPECT_EQ(profile.generator_widths[i] * 2, before.generator_widths[i]);
  }
  ASSERT_EQ(profile.critic_levels.size(), before.critic_levels.size());
  for (std::size_t i = 0; i < before.critic_levels.size(); ++i) {
    ASSERT_EQ(profile.critic_levels[i].size(), before.critic_levels[i].size());
    for (std::size_t j = 0; j < before.critic_levels[i].size(); ++j) {
      EXPECT_EQ(profile.critic_levels[i][j] * 2, before.critic_levels[i][j]);
    }
  }
  auto narrow = *profileByName("test");  // widths from 8
  EXPECT_NE(refusal("width_divisor=3").find("not divisible by 3"), std::string::npos);
  EXPECT_THROW(applyProfileSetting(narrow, "width_divisor=16"), std::invalid_argument);
}

TEST(ProfileSettingsTest, ANamedProfileTakesItsSettingsInOrder) {
  const auto profile =
      profileWithSettings("cpu", {"generator_iterations=1000", "generator_iterations=500"});
  EXPECT_EQ(profile.generator_iterations, 500);
  EXPECT_EQ(profile.grid_xy, profileByName("cpu")->grid_xy);
  EXPECT_THROW(profileWithSettings("fast", {}), std::invalid_argument);
  EXPECT_THROW(profileWithSettings("cpu", {"batch_size=0"}), std::invalid_argument);
}

}  // namespace
}  // namespace everynet::engine
