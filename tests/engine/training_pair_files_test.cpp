#include "engine/core/training_pair_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>

namespace everynet::engine {
namespace {

namespace fs = std::filesystem;

// These tests also build with the engine core alone, without the test support library.
class ScratchDir {
 public:
  ScratchDir()
      : path_(fs::temp_directory_path() /
              ("everynet-pair-files-" + std::to_string(std::random_device{}()))) {
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

geometry::Volume ramp(std::array<int, 3> size, std::array<double, 3> spacing_mm) {
  geometry::Volume v = geometry::Volume::zeros(size, spacing_mm);
  for (std::size_t i = 0; i < v.voxels.size(); ++i) v.voxels[i] = 0.001f * i - 0.5f;
  return v;
}

TEST(TrainingPairFilesTest, APairReadsBackExactly) {
  ScratchDir dir;
  const std::array<double, 3> spacing{1.7756078476090622, 1.7756078476090622, 3.14};
  PairFiles files{{ramp({5, 4, 3}, spacing), ramp({5, 4, 3}, spacing), {0, 2}},
                  geometry::Volume::zeros({5, 4, 3}, spacing)};
  files.pair.followup.voxels[7] = 0.25f;
  files.brain_mask.voxels[3] = 1;
  writePairFiles(dir.path() / "pair", files);
  const PairFiles read = readPairFiles(dir.path() / "pair");
  EXPECT_EQ(read.pair.baseline.size, files.pair.baseline.size);
  EXPECT_EQ(read.pair.baseline.spacing_mm, spacing);
  EXPECT_EQ(read.pair.baseline.voxels, files.pair.baseline.voxels);
  EXPECT_EQ(read.pair.followup.voxels, files.pair.followup.voxels);
  EXPECT_EQ(read.brain_mask.voxels, files.brain_mask.voxels);
  EXPECT_EQ(read.pair.tumour_slices, files.pair.tumour_slices);
}

// The message a refused pair gives, empty when it was read.
std::string refusal(const fs::path& dir) {
  try {
    readPairFiles(dir);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

TEST(TrainingPairFilesTest, APairOfAnotherFormatIsRefusedNamingBothFormats) {
  ScratchDir dir;
  const auto pair = dir.path() / "pair";
  writePairFiles(pair, {{ramp({2, 2, 2}, {1, 1, 1}), ramp({2, 2, 2}, {1, 1, 1}), {}},
                        geometry::Volume::zeros({2, 2, 2})});
  std::ifstream format_file(pair / "FORMAT");
  std::string format((std::istreambuf_iterator<char>(format_file)), {});
  EXPECT_EQ(format, "EVERYNET-PAIR 2\n");
  EXPECT_EQ(kPairFormat, 2);

  fs::remove(pair / "FORMAT");  // as format 1 wrote it
  EXPECT_NE(refusal(pair).find("format 1 (no FORMAT file)"), std::string::npos) << refusal(pair);
  EXPECT_NE(refusal(pair).find("reads format 2"), std::string::npos) << refusal(pair);
  std::ofstream(pair / "FORMAT") << "EVERYNET-PAIR 3\n";
  EXPECT_NE(refusal(pair).find("format 3"), std::string::npos) << refusal(pair);
  EXPECT_NE(refusal(pair).find("reads format 2"), std::string::npos) << refusal(pair);
  std::ofstream(pair / "FORMAT") << "something else\n";
  EXPECT_NE(refusal(pair).find("reads format 2"), std::string::npos) << refusal(pair);
  std::ofstream(pair / "FORMAT") << "EVERYNET-PAIR 2\n";
  EXPECT_EQ(refusal(pair), "");
}

TEST(TrainingPairFilesTest, RefusesAFileCutShortOrOfAnotherKind) {
  ScratchDir dir;
  const auto file = dir.path() / "map.vol";
  writeVolumeFile(file, ramp({4, 4, 4}, {1, 1, 1}));
  fs::resize_file(file, fs::file_size(file) - 4);
  EXPECT_THROW(readVolumeFile(file), std::runtime_error);
  std::ofstream(dir.path() / "other.vol") << "P5 4 4 255\n";
  EXPECT_THROW(readVolumeFile(dir.path() / "other.vol"), std::runtime_error);
  EXPECT_THROW(readVolumeFile(dir.path() / "missing.vol"), std::runtime_error);
}

}  // namespace
}  // namespace everynet::engine
