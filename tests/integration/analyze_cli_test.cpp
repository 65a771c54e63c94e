// `everynet analyze` end to end on a small phantom pair with the test profile: the command a
// researcher or an administrator runs by hand, and the path the service's worker takes.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/core/training_pair_files.h"
#include "engine/imaging/brain_extraction.h"
#include "engine/imaging/nifti_io.h"
#include "service_fixture.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

nlohmann::json readJson(const fs::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

std::string readFileIfThere(const fs::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class AnalyzeCliTest : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(AnalyzeCliTest, AnalysesAPhantomPairIntoAReportAndMapsInBothGeometries) {
  const auto phantom = dir_.path() / "phantom";
  const auto made = runCommand({everynetBinary(), "phantom", "--out", phantom.string(), "--change",
                                "progression", "--seed", "5", "--voxel-mm", "1.5"},
                               120s);
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const auto truth = readJson(phantom / "truth" / "truth.json");
  const auto out = dir_.path() / "analysis";
  const auto analysed = runCommand(
      {everynetBinary(), "analyze", "--baseline",
       (phantom / truth["baseline"]["t1ce_series_folder"].get<std::string>()).string(),
       "--followup",
       (phantom / truth["followup"]["t1ce_series_folder"].get<std::string>()).string(), "--out",
       out.string(), "--profile", "test", "--seed", "3", "--set", "generator_iterations=10"},
      300s);
  ASSERT_EQ(analysed.exit_code, 0) << analysed.output;
  EXPECT_NE(analysed.output.find("modified RANO"), std::string::npos) << analysed.output;

  const auto report = readJson(out / "report.json");
  EXPECT_EQ(report["profile"], "test");
  EXPECT_EQ(report["profile_settings"], nlohmann::json::array({"generator_iterations=10"}));
  EXPECT_EQ(report["seed"], 3);
  EXPECT_EQ(report["device"], "cpu");
  EXPECT_EQ(report["baseline_volume_source"], "automatic estimate");
  // 1.5 mm slices need no caution; the test profile's read-out does.
  ASSERT_EQ(report["cautions"].size(), 1u) << report["cautions"];
  EXPECT_NE(report["cautions"][0].get<std::string>().find("test profile"), std::string::npos);
  EXPECT_NE(analysed.output.find("caution: the test profile"), std::string::npos)
      << analysed.output;
  const auto& volumes = report["volumes_ml"];
  // The automatic estimate of the baseline tumour, against the phantom's truth.
  EXPECT_NEAR(volumes["baseline"].get<double>(), truth["baseline_tumour_ml"].get<double>(),
              0.2 * truth["baseline_tumour_ml"].get<double>());
  // Follow-up = baseline + net change, never below nothing.
  EXPECT_NEAR(volumes["followup"].get<double>(),
              std::max(0.0, volumes["baseline"].get<double>() + volumes["growth"].get<double>() -
                                volumes["reduction"].get<double>()),
              1e-6);
  EXPECT_GT(report["timings_seconds"]["total"].get<double>(), 0);
  EXPECT_FALSE(report["versions"]["libtorch"].get<std::string>().empty());
  for (const char* file :
       {"map_baseline.nii.gz", "ternary_baseline.nii.gz", "map_followup.nii.gz",
        "ternary_followup.nii.gz", "brain_mask_baseline.nii.gz", "tumour_baseline.nii.gz"}) {
    EXPECT_TRUE(fs::exists(out / file)) << file;
  }
  EXPECT_FALSE(fs::is_empty(out / "previews"));
  EXPECT_FALSE(fs::exists(out / "training" / "checkpoint"))
      << "the patient's model outlived the analysis";
  EXPECT_FALSE(fs::exists(out / "training_pair"));
  EXPECT_TRUE(fs::exists(out / "training" / "map.vol"));

  // What the test profile's few iterations cannot show: that the map finds the growth. Measured,
  // its map is strongly negative across the whole brain (mean -0.75 and -1.0 where the tumour
  // grew), so the read-out says nothing about the class; tests/bench/accuracy.sh judges that.
  const auto map = engine::readNifti(out / "map_baseline.nii.gz");
  const auto baseline_image_size = map.image.size;
  EXPECT_EQ(engine::readNifti(out / "ternary_baseline.nii.gz").image.size, baseline_image_size);
  EXPECT_EQ(engine::readNifti(phantom / "truth" / "growth.nii.gz").image.size, baseline_image_size)
      << "the maps are not in the baseline's geometry";
  // The regions the follow-up's heatmaps and SEG show are those whose volumes the report gives
  // (tests/integration/orthanc_e2e_test.cpp checks the SEG and the SR themselves).
  const auto regions = engine::readNifti(out / "ternary_followup.nii.gz");
  double growth_voxels = 0;
  double reduction_voxels = 0;
  for (const float voxel : regions.image.voxels) {
    growth_voxels += voxel > 0.5f;
    reduction_voxels += voxel < -0.5f;
  }
  EXPECT_NEAR(growth_voxels * regions.image.voxelVolumeMl(), volumes["growth"].get<double>(), 1e-6);
  EXPECT_NEAR(reduction_voxels * regions.image.voxelVolumeMl(), volumes["reduction"].get<double>(),
              1e-6);
  // The baseline tumour the volumes were measured on lies where the phantom's is.
  const double tumour_dice = engine::diceCoefficient(
      engine::readNifti(out / "tumour_baseline.nii.gz").image,
      engine::readNifti(phantom / "truth" / "baseline_tumour.nii.gz").image);
  EXPECT_GT(tumour_dice, 0.8);
}

// The personal network is trained by everynet-train, as a child process of analyze here or by
// hand on the exported pair (as on a GPU machine); with the same seed and threads both maps are
// the same, and the map trained by hand reads out as the one trained here.
class AnalyzeWithTrainerTest : public AnalyzeCliTest {
 protected:
  void SetUp() override {
    const auto phantom = dir_.path() / "phantom";
    ASSERT_EQ(runCommand({everynetBinary(), "phantom", "--out", phantom.string(), "--change",
                          "progression", "--seed", "6", "--voxel-mm", "1.5"},
                         120s)
                  .exit_code,
              0);
    const auto truth = readJson(phantom / "truth" / "truth.json");
    for (const char* visit : {"baseline", "followup"}) {
      series_[visit] = (phantom / truth[visit]["t1ce_series_folder"].get<std::string>()).string();
    }
  }
  std::vector<std::string> analyzeCommand(const fs::path& out, std::vector<std::string> extra) {
    std::vector<std::string> command{everynetBinary(), "analyze",
                                     "--baseline",     series_["baseline"],
                                     "--followup",     series_["followup"],
                                     "--out",          out.string(),
                                     "--profile",      "test",
                                     "--seed",         "3",
                                     "--threads",      "1"};
    command.insert(command.end(), extra.begin(), extra.end());
    return command;
  }
  RunResult analyze(const fs::path& out, std::vector<std::string> extra) {
    return runCommand(analyzeCommand(out, std::move(extra)), 300s);
  }
  std::map<std::string, std::string> series_;
};

TEST_F(AnalyzeWithTrainerTest, TheMapEverynetTrainTrainsOnTheExportedPairIsTheMapAnalyzeTrains) {
  const auto schedule = std::vector<std::string>{"--set", "generator_iterations=6"};
  const auto elsewhere = dir_.path() / "elsewhere";
  const auto exported = analyze(elsewhere, {"--export-pair"});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_NE(exported.output.find("everynet-train --pair " + (elsewhere / "training_pair").string() +
                                 " --out TRAINING_DIR --profile test --seed 3"),
            std::string::npos)
      << exported.output;
  EXPECT_FALSE(fs::exists(elsewhere / "report.json")) << "exporting the pair is all it does";
  const auto by_hand = dir_.path() / "by_hand";
  const auto trained =
      runCommand({EVERYNET_TRAIN_BINARY, "--pair", (elsewhere / "training_pair").string(), "--out",
                  by_hand.string(), "--profile", "test", "--set", "generator_iterations=6",
                  "--seed", "3", "--threads", "1", "--device", "cpu"},
                 300s);
  ASSERT_EQ(trained.exit_code, 0) << trained.output;
  const auto map = engine::readVolumeFile(by_hand / "map.vol");
  EXPECT_EQ(map.size, (std::array<int, 3>{128, 128, 64}));
  EXPECT_TRUE(std::any_of(map.voxels.begin(), map.voxels.end(), [](float v) { return v != 0; }));

  const auto here = dir_.path() / "here";
  const auto trained_here = analyze(here, schedule);
  ASSERT_EQ(trained_here.exit_code, 0) << trained_here.output;
  EXPECT_EQ(engine::readVolumeFile(here / "training" / "map.vol").voxels, map.voxels)
      << "the trainer as analyze's child trained another map than the trainer run by hand";
  const auto report_here = readJson(here / "report.json");
  EXPECT_EQ(report_here["device"], "cpu");
  const auto described = runCommand({EVERYNET_TRAIN_BINARY, "--describe"}, 60s);
  EXPECT_EQ(report_here["versions"]["libtorch"],
            nlohmann::json::parse(described.output)["libtorch"]);

  std::vector<std::string> given = schedule;
  given.insert(given.end(), {"--change-map", (by_hand / "map.vol").string()});
  const auto read_out = analyze(elsewhere, given);
  ASSERT_EQ(read_out.exit_code, 0) << read_out.output;
  EXPECT_EQ(readJson(elsewhere / "report.json")["device"], "given map");
  EXPECT_EQ(readJson(elsewhere / "report.json")["volumes_ml"], report_here["volumes_ml"]);
  EXPECT_EQ(engine::readNifti(elsewhere / "map_baseline.nii.gz").image.voxels,
            engine::readNifti(here / "map_baseline.nii.gz").image.voxels);

  // A map of another grid is refused, and so is a given map for the classical peer.
  const auto small_map = dir_.path() / "small.vol";
  engine::writeVolumeFile(small_map, geometry::Volume::zeros({4, 4, 4}));
  const auto wrong_grid = analyze(dir_.path() / "wrong", {"--change-map", small_map.string()});
  EXPECT_EQ(wrong_grid.exit_code, 1);
  EXPECT_NE(wrong_grid.output.find("not on the profile's working grid"), std::string::npos)
      << wrong_grid.output;
  EXPECT_EQ(analyze(dir_.path() / "peer", {"--method", "registration-subtraction", "--change-map",
                                           (by_hand / "map.vol").string()})
                .exit_code,
            2);
}

// Ctrl-C stops the trainer at its checkpoint; the same command resumes it and ends with the map
// of an uninterrupted training.
TEST_F(AnalyzeWithTrainerTest, ACtrlCStopsTheTrainingAndTheSameCommandResumesIt) {
  const std::vector<std::string> schedule{
      "--set", "generator_iterations=40", "--set", "checkpoint_every=2",
      "--set", "critic_updates=1",        "--set", "heavy_critic_updates=2",
      "--set", "warmup_iterations=1"};
  const auto out = dir_.path() / "analysis";
  {
    Process analysis(analyzeCommand(out, schedule), dir_.path() / "interrupted.log");
    ASSERT_TRUE(waitUntil(
        [&] {
          return readFileIfThere(out / "training" / "progress.jsonl").find("\"iteration\":3,") !=
                 std::string::npos;
        },
        240s));
    analysis.signal(SIGINT);
    const auto status = analysis.waitExit(60s);
    ASSERT_TRUE(status);
    EXPECT_EQ(*status, 1);
  }
  const auto log = readFile(dir_.path() / "interrupted.log");
  EXPECT_NE(log.find("training stopped; the same command resumes it"), std::string::npos) << log;
  EXPECT_FALSE(fs::exists(out / "report.json"));
  EXPECT_TRUE(fs::exists(out / "training" / "checkpoint"));

  const auto resumed = runCommand(analyzeCommand(out, schedule), 300s);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(readFile(out / "training" / "progress.jsonl").find("\"resumed_from\":"),
            std::string::npos);
  const auto uninterrupted = dir_.path() / "uninterrupted";
  ASSERT_EQ(runCommand(analyzeCommand(uninterrupted, schedule), 300s).exit_code, 0);
  EXPECT_EQ(engine::readVolumeFile(out / "training" / "map.vol").voxels,
            engine::readVolumeFile(uninterrupted / "training" / "map.vol").voxels);
}

TEST_F(AnalyzeCliTest, RefusesATrainerThatIsMissingOrOfAnotherPairFormatAndSaysWhy) {
  const auto empty = dir_.path() / "empty";
  fs::create_directories(empty);
  const auto analyze_with = [&](const fs::path& trainer) {
    return runCommand({everynetBinary(), "analyze", "--baseline", empty.string(), "--followup",
                       empty.string(), "--out", (dir_.path() / "out").string(), "--profile", "test",
                       "--trainer", trainer.string()},
                      60s);
  };
  const auto missing = dir_.path() / "nowhere" / "everynet-train";
  const auto without = analyze_with(missing);
  EXPECT_EQ(without.exit_code, 2);
  EXPECT_NE(without.output.find(missing.string()), std::string::npos) << without.output;

  // A trainer built from another version of the pair format.
  const auto older = dir_.path() / "everynet-train";
  std::ofstream(older)
      << "#!/bin/sh\necho '{\"trainer\":\"everynet-train\",\"version\":\"0.0.9\",\"pair_format\":1,"
         "\"libtorch\":\"1.13.1\",\"cuda_devices\":0,\"blas\":\"OpenBLAS\"}'\n";
  fs::permissions(older, fs::perms::owner_all);
  const auto refused = analyze_with(older);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.output.find("pair format 1"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("pair format 2"), std::string::npos) << refused.output;
  EXPECT_EQ(refused.output.find("no DICOM series"), std::string::npos)
      << "the trainer is checked before the series are read";
}

TEST_F(AnalyzeCliTest, RefusesADirectoryWithoutOneSeriesAndSaysWhy) {
  const auto empty = dir_.path() / "empty";
  fs::create_directories(empty);
  const auto result =
      runCommand({everynetBinary(), "analyze", "--baseline", empty.string(), "--followup",
                  empty.string(), "--out", (dir_.path() / "out").string(), "--profile", "test"},
                 60s);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("no DICOM series"), std::string::npos) << result.output;
}

TEST_F(AnalyzeCliTest, RefusesAnUnknownProfileSettingBeforeReadingAnything) {
  const auto empty = dir_.path() / "empty";
  fs::create_directories(empty);
  const auto result = runCommand(
      {everynetBinary(), "analyze", "--baseline", empty.string(), "--followup", empty.string(),
       "--out", (dir_.path() / "out").string(), "--set", "learning_rate=1e-3"},
      60s);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("unknown profile setting 'learning_rate'"), std::string::npos)
      << result.output;
  EXPECT_EQ(result.output.find("no DICOM series"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace everynet::test
