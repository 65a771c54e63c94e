// `everynet phantom`: a phantom patient on coarse voxels, read back with dcmdump, checked with
// dciodvfy and the T1ce classifier, and sent to `everynet serve`, which must pair its T1ce series.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "service/rules/t1ce_classifier.h"
#include "service_fixture.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// Attributes of a DICOM file by keyword, as dcmdump prints them.
std::map<std::string, std::string> dump(const fs::path& file) {
  const RunResult result = runCommand({"dcmdump", "-q", "-Un", file.string()}, 30s);
  EXPECT_EQ(result.exit_code, 0) << file << ": " << result.output;
  std::map<std::string, std::string> values;
  std::istringstream lines(result.output);
  for (std::string line; std::getline(lines, line);) {
    const auto comment = line.rfind('#');
    if (line.empty() || line[0] != '(' || comment == std::string::npos) continue;
    const std::string keyword = line.substr(line.find_last_of(' ') + 1);
    std::string value = line.substr(15, comment - 15);  // after "(gggg,eeee) VR "
    const auto open = value.find('[');
    const auto close = value.rfind(']');
    value = open != std::string::npos && close != std::string::npos
                ? value.substr(open + 1, close - open - 1)
                : "";
    values.emplace(keyword, value);
  }
  return values;
}

std::optional<double> number(const std::map<std::string, std::string>& values,
                             const std::string& keyword) {
  const auto found = values.find(keyword);
  if (found == values.end() || found->second.empty()) return std::nullopt;
  return std::stod(found->second);
}

std::string text(const std::map<std::string, std::string>& values, const std::string& keyword) {
  const auto found = values.find(keyword);
  return found == values.end() ? "" : found->second;
}

storage::SeriesAttributes seriesAttributes(const std::map<std::string, std::string>& values) {
  storage::SeriesAttributes series;
  series.modality = text(values, "Modality");
  series.series_description = text(values, "SeriesDescription");
  series.protocol_name = text(values, "ProtocolName");
  series.contrast_bolus_agent = text(values, "ContrastBolusAgent");
  series.image_type = text(values, "ImageType");
  series.scanning_sequence = text(values, "ScanningSequence");
  series.sequence_variant = text(values, "SequenceVariant");
  series.mr_acquisition_type = text(values, "MRAcquisitionType");
  series.repetition_time_ms = number(values, "RepetitionTime");
  series.echo_time_ms = number(values, "EchoTime");
  series.inversion_time_ms = number(values, "InversionTime");
  series.slice_thickness_mm = number(values, "SliceThickness");
  return series;
}

int daysBetween(const std::string& earlier, const std::string& later) {
  const auto day = [](const std::string& da) {
    using namespace std::chrono;
    return sys_days{year{std::stoi(da.substr(0, 4))} / std::stoi(da.substr(4, 2)) /
                    std::stoi(da.substr(6, 2))};
  };
  return static_cast<int>((day(later) - day(earlier)).count());
}

// Every phantom here is written with --voxel-mm 3: small and fast.
constexpr double kVoxelMm = 3;

std::string fileBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class PhantomCliTest : public ServiceFixture {
 protected:
  // Writes a phantom on coarse voxels (a few seconds) into out(name) and returns its truth.json.
  nlohmann::json writePhantom(const std::string& name, const std::string& change,
                              const std::string& seed, const std::string& thick,
                              const std::vector<std::string>& more_options = {}) {
    std::vector<std::string> command{everynetBinary(), "phantom", "--out",      out(name).string(),
                                     "--change",       change,    "--seed",     seed,
                                     "--thick",        thick,     "--voxel-mm", "3"};
    command.insert(command.end(), more_options.begin(), more_options.end());
    const RunResult result = runCommand(command, 120s);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("expected RANO"), std::string::npos) << result.output;
    std::ifstream file(out(name) / "truth" / "truth.json");
    EXPECT_TRUE(file) << "no truth.json";
    return file ? nlohmann::json::parse(file) : nlohmann::json();
  }
  fs::path out(const std::string& name) const { return dir() / name; }

  // Every series passes dciodvfy; the classifier takes exactly the T1ce that the truth names in
  // each study; both studies belong to one patient, about three months apart.
  void expectValidStudies(const fs::path& out, const nlohmann::json& truth) {
    const service::T1ceClassifier classifier(service::ClassifierRules::defaults());
    std::map<std::string, std::string> study_uid_of_visit;
    std::map<std::string, std::string> study_date_of_visit;
    std::set<std::string> patient_ids;
    for (const std::string visit : {"baseline", "followup"}) {
      std::set<std::string> t1ce_folders;
      std::size_t series_count = 0;
      for (const auto& series_dir : fs::directory_iterator(out / visit)) {
        ++series_count;
        std::vector<fs::path> files;
        for (const auto& file : fs::directory_iterator(series_dir)) files.push_back(file.path());
        ASSERT_FALSE(files.empty()) << series_dir.path();
        const fs::path first = *std::min_element(files.begin(), files.end());
        const RunResult verified = runCommand({"dciodvfy", first.string()}, 60s);
        EXPECT_EQ(verified.exit_code, 0) << first << ":\n" << verified.output;
        EXPECT_EQ(verified.output.find("Error"), std::string::npos) << first << ":\n"
                                                                    << verified.output;
        const auto values = dump(first);
        EXPECT_EQ(text(values, "SpecificCharacterSet"), "ISO_IR 192");
        EXPECT_EQ(text(values, "SOPClassUID"), "1.2.840.10008.5.1.4.1.1.4");
        EXPECT_EQ(text(values, "Manufacturer"), truth["manufacturer"].get<std::string>());
        patient_ids.insert(text(values, "PatientID"));
        study_uid_of_visit[visit] = text(values, "StudyInstanceUID");
        study_date_of_visit[visit] = text(values, "StudyDate");
        if (!classifier.classify(seriesAttributes(values)).is_t1ce) continue;
        t1ce_folders.insert(visit + "/" + series_dir.path().filename().string());
        EXPECT_FALSE(text(values, "ContrastBolusAgent").empty());
        EXPECT_EQ(text(values, "SeriesInstanceUID"),
                  truth[visit]["t1ce_series_instance_uid"].get<std::string>());
        // The voxel size and gap the truth reports; thick or gapped slices are a 2D acquisition
        // (thick: over 2 mm times --voxel-mm).
        const auto voxel = truth[visit]["voxel_mm"].get<std::array<double, 3>>();
        const double gap = truth[visit]["slice_gap_mm"];
        EXPECT_NEAR(*number(values, "SliceThickness"), voxel[2], 1e-4);
        EXPECT_NEAR(*number(values, "SpacingBetweenSlices"), voxel[2] + gap, 1e-4);
        EXPECT_EQ(text(values, "MRAcquisitionType"),
                  gap > 0 || voxel[2] > 2 * kVoxelMm ? "2D" : "3D");
      }
      EXPECT_GE(series_count, 4u) << "the T1ce and its distractors";
      EXPECT_EQ(t1ce_folders,
                std::set<std::string>{truth[visit]["t1ce_series_folder"].get<std::string>()})
          << "the classifier took another series for T1ce in the " << visit;
    }
    EXPECT_EQ(patient_ids, std::set<std::string>{truth["patient_id"].get<std::string>()});
    EXPECT_NE(study_uid_of_visit["baseline"], study_uid_of_visit["followup"]);
    const int days = daysBetween(study_date_of_visit["baseline"], study_date_of_visit["followup"]);
    EXPECT_GE(days, 80);
    EXPECT_LE(days, 100);
  }
};

// Three seeds that between them draw each vendor's protocol names, with thick slices at either
// visit or neither.
TEST_F(PhantomCliTest, WritesValidStudiesWhoseT1ceTheClassifierFindsForEveryVendor) {
  std::set<std::string> manufacturers;
  for (const auto& [seed, thick] : std::vector<std::pair<std::string, std::string>>{
           {"2", "baseline"}, {"5", "none"}, {"3", "followup"}}) {
    SCOPED_TRACE("seed " + seed + ", thick " + thick);
    const nlohmann::json truth = writePhantom("phantom" + seed, "progression", seed, thick);
    ASSERT_FALSE(truth.is_null());
    manufacturers.insert(truth["manufacturer"].get<std::string>());
    EXPECT_EQ(truth["rano_class"], "progression");
    EXPECT_EQ(truth["seed"], std::stoi(seed));
    EXPECT_FALSE(truth["new_lesion"].get<bool>());
    EXPECT_FALSE(truth["tumour_only"].get<bool>());
    EXPECT_NE(truth["followup"]["pose"], truth["baseline"]["pose"]);
    const double baseline_ml = truth["baseline_tumour_ml"];
    const double followup_ml = truth["followup_tumour_ml"];
    EXPECT_GE(followup_ml / baseline_ml, 1.5);
    EXPECT_NEAR(truth["change_percent"].get<double>(), (followup_ml / baseline_ml - 1) * 100, 1e-6);
    for (const char* mask : {"baseline_tumour", "followup_tumour", "growth", "reduction"}) {
      const fs::path file = out("phantom" + seed) / truth["masks"][mask].get<std::string>();
      EXPECT_TRUE(fs::is_regular_file(file)) << file;
      EXPECT_GT(fs::file_size(file), 100u) << file;
    }
    const nlohmann::json thin{3, 3, 3};
    const nlohmann::json thick_voxel{1.5, 1.5, 15};
    EXPECT_EQ(truth["baseline"]["voxel_mm"], thick == "baseline" ? thick_voxel : thin);
    EXPECT_EQ(truth["followup"]["voxel_mm"], thick == "followup" ? thick_voxel : thin);
    expectValidStudies(out("phantom" + seed), truth);
  }
  EXPECT_EQ(manufacturers.size(), 3u) << "the seeds no longer cover every vendor";
}

TEST_F(PhantomCliTest, ATumourOnlyPhantomKeepsTheBaselinesPose) {
  const nlohmann::json truth =
      writePhantom("phantom", "progression", "2", "none", {"--tumour-only"});
  ASSERT_FALSE(truth.is_null());
  EXPECT_TRUE(truth["tumour_only"].get<bool>());
  EXPECT_EQ(truth["rano_class"], "progression");
  EXPECT_EQ(truth["followup"]["pose"], truth["baseline"]["pose"]);
  expectValidStudies(out("phantom"), truth);
}

TEST_F(PhantomCliTest, TheServicePairsThePhantomsT1ceSeries) {
  const nlohmann::json truth = writePhantom("phantom", "new", "3", "none");
  ASSERT_FALSE(truth.is_null());
  EXPECT_TRUE(truth["new_lesion"].get<bool>());
  EXPECT_EQ(truth["rano_class"], "progression");
  startService();
  const auto sent = store({out("phantom") / "baseline", out("phantom") / "followup"});
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  waitUntil([&] { return !indexedJobs().empty(); }, 30s);
  ASSERT_TRUE(waitUntilAllSeriesDecided(30s)) << serviceLog();
  const auto listing = jobsJson();
  ASSERT_EQ(listing["jobs"].size(), 1u) << listing.dump(2);
  EXPECT_EQ(listing["jobs"][0]["baseline_series_uid"],
            truth["baseline"]["t1ce_series_instance_uid"]);
  EXPECT_EQ(listing["jobs"][0]["followup_series_uid"],
            truth["followup"]["t1ce_series_instance_uid"]);
  std::size_t t1ce_series = 0;
  for (const auto& series : listing["series"]) t1ce_series += series["t1ce"] == true;
  EXPECT_EQ(t1ce_series, 2u) << listing.dump(2);
}

// --varied draws kind, site, enhancement and acquisitions from the seed, the same each time;
// explicit options override it; the truth holds masks on both visits' grids.
TEST_F(PhantomCliTest, AVariedPhantomIsTheSameForItsSeedAndCarriesTheTruthOfBothGrids) {
  const nlohmann::json first = writePhantom("first", "progression", "11", "none", {"--varied"});
  const nlohmann::json again = writePhantom("again", "progression", "11", "none", {"--varied"});
  ASSERT_FALSE(first.is_null());
  ASSERT_FALSE(again.is_null());
  EXPECT_EQ(first["variety"], again["variety"]);
  EXPECT_TRUE(first["variety"]["varied"].get<bool>());
  EXPECT_EQ(first["baseline_tumour_ml"], again["baseline_tumour_ml"]);
  EXPECT_EQ(first["followup_tumour_ml"], again["followup_tumour_ml"]);
  const double enhancement = first["variety"]["enhancement"];
  EXPECT_GE(enhancement, 1.2);
  EXPECT_LE(enhancement, 1.8);
  for (const char* visit : {"baseline", "followup"}) {
    const auto voxel =
        first["variety"][std::string(visit) + "_voxel_mm"].get<std::vector<double>>();
    ASSERT_EQ(voxel.size(), 3u);
    EXPECT_GE(voxel[0], 0.45 * kVoxelMm);
    EXPECT_LE(voxel[0], 1.2 * kVoxelMm);
    EXPECT_GE(voxel[2], 1 * kVoxelMm);
    EXPECT_LE(voxel[2], 6 * kVoxelMm);
    EXPECT_EQ(first[visit]["voxel_mm"], first["variety"][std::string(visit) + "_voxel_mm"]);
    EXPECT_EQ(first[visit]["slice_gap_mm"], first["variety"][std::string(visit) + "_gap_mm"]);
  }
  for (const char* mask : {"baseline_tumour", "followup_tumour", "growth", "reduction",
                           "followup_growth", "followup_reduction"}) {
    const std::string file = first["masks"][mask].get<std::string>();
    EXPECT_TRUE(fs::is_regular_file(out("first") / file)) << file;
    EXPECT_EQ(fileBytes(out("first") / file), fileBytes(out("again") / file)) << file;
  }
  EXPECT_EQ(first["masks"]["followup_growth_and_reduction_geometry"], "followup T1ce");
  expectValidStudies(out("first"), first);

  const nlohmann::json other =
      writePhantom("other", "progression", "11", "none",
                   {"--varied", "--tumour", "solid", "--enhancement", "1.3", "--baseline-voxel",
                    "3,3,9", "--baseline-gap", "1.5"});
  ASSERT_FALSE(other.is_null());
  EXPECT_EQ(other["variety"]["tumour"], "solid");
  EXPECT_EQ(other["variety"]["enhancement"], 1.3);
  EXPECT_EQ(other["variety"]["site"], first["variety"]["site"]) << "drawn as before";
  EXPECT_EQ(other["baseline"]["voxel_mm"], (nlohmann::json{3, 3, 9}));
  EXPECT_EQ(other["baseline"]["slice_gap_mm"], 1.5);
  EXPECT_EQ(other["followup"]["voxel_mm"], first["followup"]["voxel_mm"]);
  expectValidStudies(out("other"), other);
}

TEST_F(PhantomCliTest, RefusesAVoxelOutsideThePromisedRanges) {
  const RunResult result =
      runCommand({everynetBinary(), "phantom", "--out", out("phantom").string(), "--change",
                  "stable", "--seed", "1", "--voxel-mm", "3", "--baseline-voxel", "3,3,30"},
                 30s);
  EXPECT_NE(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("--baseline-voxel"), std::string::npos) << result.output;
}

TEST_F(PhantomCliTest, RefusesAnUnknownChangeWithStatus2) {
  const RunResult result =
      runCommand({everynetBinary(), "phantom", "--out", out("phantom").string(), "--change",
                  "growth", "--seed", "1"},
                 30s);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_FALSE(fs::exists(out("phantom")));
}

}  // namespace
}  // namespace everynet::test
