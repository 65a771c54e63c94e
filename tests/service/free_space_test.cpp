// The free-space watermarks: the level a free space is at, which instances fit, and the monitor
// that reads the space at most once per interval, counts what it admitted, and logs each change.
#include <gtest/gtest.h>

#include <chrono>

#include "service/space/free_space_monitor.h"
#include "service/space/space_watermarks.h"

namespace everynet::service {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;
const SpaceWatermarks kMarks{100 * kMiB, 10 * kMiB};

TEST(SpaceWatermarksTest, TheLevelIsBelowTheLowestLineCrossed) {
  EXPECT_EQ(spaceLevel(500 * kMiB, kMarks), SpaceLevel::enough);
  EXPECT_EQ(spaceLevel(100 * kMiB, kMarks), SpaceLevel::enough) << "the line itself is enough";
  EXPECT_EQ(spaceLevel(100 * kMiB - 1, kMarks), SpaceLevel::below_min_free);
  EXPECT_EQ(spaceLevel(10 * kMiB, kMarks), SpaceLevel::below_min_free);
  EXPECT_EQ(spaceLevel(10 * kMiB - 1, kMarks), SpaceLevel::below_index_reserve);
  EXPECT_EQ(spaceLevel(0, kMarks), SpaceLevel::below_index_reserve);
  EXPECT_EQ(spaceLevel(0, SpaceWatermarks{}), SpaceLevel::enough) << "both lines off";
  EXPECT_EQ(spaceLevel(5 * kMiB, {0, 10 * kMiB}), SpaceLevel::below_index_reserve)
      << "the index's line alone";
}

TEST(SpaceWatermarksTest, AnInstanceIsAdmittedAboveTheLineAndWhenItLeavesTheIndexItsRoom) {
  EXPECT_TRUE(admitsInstance(100 * kMiB, 90 * kMiB, kMarks));
  EXPECT_FALSE(admitsInstance(100 * kMiB, 90 * kMiB + 1, kMarks))
      << "it would eat the index's room";
  EXPECT_FALSE(admitsInstance(100 * kMiB - 1, 1, kMarks));
  EXPECT_FALSE(admitsInstance(20 * kMiB, 30 * kMiB, {0, 10 * kMiB})) << "larger than what is free";
  EXPECT_TRUE(admitsInstance(0, 30 * kMiB, SpaceWatermarks{})) << "off: the disk decides";
}

TEST(SpaceWatermarksTest, TheMessageGivesTheFreeSpaceTheLineAndWhatFollows) {
  const auto low = spaceLevelMessage(SpaceLevel::below_min_free, 50 * kMiB, kMarks);
  EXPECT_NE(low.find("50.0 MB"), std::string::npos) << low;
  EXPECT_NE(low.find("storage.min_free_mb (100.0 MB)"), std::string::npos) << low;
  EXPECT_NE(low.find("A700"), std::string::npos) << low;
  const auto index = spaceLevelMessage(SpaceLevel::below_index_reserve, 5 * kMiB, kMarks);
  EXPECT_NE(index.find("storage.index_reserve_mb (10.0 MB)"), std::string::npos) << index;
  EXPECT_STREQ(toString(SpaceLevel::enough), "ok");
  EXPECT_STREQ(toString(SpaceLevel::below_min_free), "below_min_free");
  EXPECT_STREQ(toString(SpaceLevel::below_index_reserve), "below_index_reserve");
}

class FreeSpaceMonitorTest : public ::testing::Test {
 protected:
  FreeSpaceMonitor monitor(std::chrono::milliseconds interval) {
    return FreeSpaceMonitor(
        "/data", kMarks,
        [this]() -> std::optional<DiskSpace> {
          ++reads_;
          if (!free_) return std::nullopt;
          return DiskSpace{*free_, 1000 * kMiB};
        },
        interval);
  }
  std::optional<std::uint64_t> free_ = 500 * kMiB;
  int reads_ = 0;
};

TEST_F(FreeSpaceMonitorTest, TheSpaceIsReadOncePerIntervalAndAdmittedInstancesCountAsSpent) {
  auto m = monitor(std::chrono::hours(1));
  EXPECT_EQ(m.reading().level, SpaceLevel::enough);
  EXPECT_TRUE(m.admitInstance(300 * kMiB));
  EXPECT_EQ(*m.reading().free_bytes, 200 * kMiB);
  EXPECT_TRUE(m.admitInstance(100 * kMiB));
  EXPECT_EQ(m.reading().level, SpaceLevel::enough) << "exactly at the line";
  EXPECT_TRUE(m.jobsMayStart());
  EXPECT_TRUE(m.admitInstance(1)) << "admitted while at the line; it takes the space below";
  EXPECT_EQ(m.reading().level, SpaceLevel::below_min_free) << "though not read again";
  EXPECT_FALSE(m.admitInstance(1));
  EXPECT_FALSE(m.jobsMayStart());
  EXPECT_TRUE(m.ingestMayWriteIndex());
  EXPECT_EQ(reads_, 1);
}

TEST_F(FreeSpaceMonitorTest, BelowALineItRefusesAndResumesOnceSpaceIsFreed) {
  auto m = monitor(std::chrono::milliseconds(0));
  free_ = 50 * kMiB;
  EXPECT_FALSE(m.admitInstance(1));
  EXPECT_FALSE(m.jobsMayStart());
  EXPECT_TRUE(m.ingestMayWriteIndex());
  free_ = 5 * kMiB;
  EXPECT_EQ(m.reading().level, SpaceLevel::below_index_reserve);
  EXPECT_FALSE(m.ingestMayWriteIndex());
  free_ = 400 * kMiB;
  EXPECT_TRUE(m.jobsMayStart());
  EXPECT_TRUE(m.ingestMayWriteIndex());
  EXPECT_TRUE(m.admitInstance(kMiB));
}

TEST_F(FreeSpaceMonitorTest, SpaceThatCannotBeReadCountsAsEnough) {
  auto m = monitor(std::chrono::milliseconds(0));
  free_ = std::nullopt;
  EXPECT_FALSE(m.reading().free_bytes);
  EXPECT_TRUE(m.admitInstance(kMiB));
  EXPECT_TRUE(m.jobsMayStart());
}

TEST(FreeSpaceMonitorOnDiskTest, ReadsTheFileSystemOfTheDataDirectory) {
  FreeSpaceMonitor m("/", {1, 0});
  const auto now = m.reading();
  ASSERT_TRUE(now.free_bytes);
  EXPECT_GT(*now.free_bytes, 0u);
}

}  // namespace
}  // namespace everynet::service
