// The test-support code itself: generated DICOM is valid and as specified, processes behave.
#include <arpa/inet.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tests/support/free_port.h"
#include "tests/support/mr_series_writer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_study.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// The parts of a written file that the tests look at.
struct ReadInstance {
  std::string transfer_syntax;
  std::map<std::string, std::string> values;  // by DICOM keyword
  std::vector<double> position;
  std::vector<double> orientation;
  std::vector<Uint16> pixels;
};

std::vector<double> decimals(DcmDataset& dataset, const DcmTagKey& tag) {
  std::vector<double> values;
  Float64 value = 0;
  for (unsigned long i = 0; dataset.findAndGetFloat64(tag, value, i).good(); ++i) {
    values.push_back(value);
  }
  return values;
}

ReadInstance readInstance(const fs::path& path) {
  DcmFileFormat file;
  const OFCondition loaded = file.loadFile(path.c_str());
  if (loaded.bad()) throw std::runtime_error(path.string() + ": " + loaded.text());
  ReadInstance read;
  OFString text;
  file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, text);
  read.transfer_syntax = text.c_str();
  DcmDataset& dataset = *file.getDataset();
  const std::vector<std::pair<std::string, DcmTagKey>> tags{
      {"SOPClassUID", DCM_SOPClassUID},
      {"SOPInstanceUID", DCM_SOPInstanceUID},
      {"StudyInstanceUID", DCM_StudyInstanceUID},
      {"SeriesInstanceUID", DCM_SeriesInstanceUID},
      {"SpecificCharacterSet", DCM_SpecificCharacterSet},
      {"PatientName", DCM_PatientName},
      {"PatientID", DCM_PatientID},
      {"IssuerOfPatientID", DCM_IssuerOfPatientID},
      {"StudyDate", DCM_StudyDate},
      {"SeriesDescription", DCM_SeriesDescription},
      {"ContrastBolusAgent", DCM_ContrastBolusAgent},
      {"ImageType", DCM_ImageType},
      {"FrameOfReferenceUID", DCM_FrameOfReferenceUID},
      {"Rows", DCM_Rows},
      {"Columns", DCM_Columns},
  };
  for (const auto& [keyword, tag] : tags) {
    if (dataset.findAndGetOFStringArray(tag, text).good()) read.values[keyword] = text.c_str();
  }
  read.position = decimals(dataset, DCM_ImagePositionPatient);
  read.orientation = decimals(dataset, DCM_ImageOrientationPatient);
  const Uint16* pixels = nullptr;
  unsigned long count = 0;
  if (dataset.findAndGetUint16Array(DCM_PixelData, pixels, &count).good()) {
    read.pixels.assign(pixels, pixels + count);
  }
  return read;
}

double alongNormal(const ReadInstance& instance) {
  const auto& o = instance.orientation;
  const std::array<double, 3> normal{o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5],
                                     o[0] * o[4] - o[1] * o[3]};
  return instance.position[0] * normal[0] + instance.position[1] * normal[1] +
         instance.position[2] * normal[2];
}

std::size_t pixelsBrighterThan(const std::vector<fs::path>& files, Uint16 threshold) {
  std::size_t count = 0;
  for (const auto& file : files) {
    const auto pixels = readInstance(file).pixels;
    count += std::count_if(pixels.begin(), pixels.end(), [&](Uint16 p) { return p > threshold; });
  }
  return count;
}

TEST(MrSeriesWriter, WritesParsableMrFilesAsSpecified) {
  TempDir dir;
  MrSeriesSpec spec;
  spec.rows = 32;
  spec.columns = 48;
  spec.slices = 5;
  spec.patient.name = "Müller^Jürgen";
  spec.series_description = "t1_mprage_tra_KM";
  const auto files = writeMrSeries(spec, dir.path() / "series");
  ASSERT_EQ(files.size(), 5u);
  std::set<std::string> series_uids;
  for (const auto& file : files) {
    const auto read = readInstance(file);
    EXPECT_EQ(read.transfer_syntax, UID_LittleEndianExplicitTransferSyntax);
    EXPECT_EQ(read.values.at("SOPClassUID"), UID_MRImageStorage);
    EXPECT_EQ(read.values.at("SpecificCharacterSet"), "ISO_IR 192");
    EXPECT_EQ(read.values.at("PatientName"), "Müller^Jürgen");
    EXPECT_EQ(read.values.at("PatientID"), spec.patient.id);
    EXPECT_EQ(read.values.at("IssuerOfPatientID"), spec.patient.issuer_of_id);
    EXPECT_EQ(read.values.at("ContrastBolusAgent"), "Gadovist");
    EXPECT_EQ(read.values.at("Rows"), "32");
    EXPECT_EQ(read.values.at("Columns"), "48");
    EXPECT_EQ(read.pixels.size(), 32u * 48u);
    EXPECT_EQ(readSopInstanceUid(file), read.values.at("SOPInstanceUID"));
    series_uids.insert(read.values.at("SeriesInstanceUID"));
  }
  EXPECT_EQ(series_uids.size(), 1u);
}

TEST(MrSeriesWriter, LeavesOutTheContrastAgentWhenThereIsNone) {
  TempDir dir;
  MrSeriesSpec spec;
  spec.slices = 1;
  spec.contrast_bolus_agent.clear();
  const auto read = readInstance(writeMrSeries(spec, dir.path()).front());
  EXPECT_EQ(read.values.count("ContrastBolusAgent"), 0u);
}

TEST(MrSeriesWriter, PositionsAdvanceAlongTheSliceNormalEvenWhenFilesAreShuffled) {
  TempDir dir;
  MrSeriesSpec spec;
  spec.slices = 12;
  spec.slice_spacing_mm = 2.5;
  spec.image_orientation = {0, 1, 0, 0, 0, -1};  // sagittal: the normal is -x
  spec.shuffled_file_order = true;
  const auto files = writeMrSeries(spec, dir.path());
  std::vector<double> in_file_order;
  for (const auto& file : files) in_file_order.push_back(alongNormal(readInstance(file)));
  EXPECT_FALSE(std::is_sorted(in_file_order.begin(), in_file_order.end()))
      << "the file order should not give the anatomical order";
  std::vector<double> sorted = in_file_order;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    EXPECT_NEAR(sorted[i] - sorted[i - 1], 2.5, 1e-6) << "slice " << i;
  }
  EXPECT_NEAR(sorted.front() + sorted.back(), 0, 1e-6) << "the volume is centred";
}

TEST(MrSeriesWriter, PositionsStrictlyIncreaseInFileOrderWhenNotShuffled) {
  TempDir dir;
  MrSeriesSpec spec;
  spec.slices = 10;
  const auto files = writeMrSeries(spec, dir.path());
  for (std::size_t i = 1; i < files.size(); ++i) {
    EXPECT_GT(alongNormal(readInstance(files[i])), alongNormal(readInstance(files[i - 1])));
  }
}

TEST(MrSeriesWriter, ALargerLesionRadiusShowsMoreLesion) {
  TempDir dir;
  MrSeriesSpec spec;
  spec.rows = spec.columns = 64;
  spec.slices = 12;
  spec.lesion_radius_mm = 6;
  const auto small = writeMrSeries(spec, dir.path() / "small");
  spec.lesion_radius_mm = 14;
  const auto large = writeMrSeries(spec, dir.path() / "large");
  const Uint16 brighter_than_skull = 1000;
  EXPECT_GT(pixelsBrighterThan(small, brighter_than_skull), 0u);
  EXPECT_GT(pixelsBrighterThan(large, brighter_than_skull),
            2 * pixelsBrighterThan(small, brighter_than_skull));
}

TEST(MrSeriesWriter, MalformedInstanceParsesButLacksStudyAndSeriesUid) {
  TempDir dir;
  const auto path = dir.path() / "nested" / "bad.dcm";
  writeMalformedInstance(path);
  const auto read = readInstance(path);
  EXPECT_EQ(read.values.count("StudyInstanceUID"), 0u);
  EXPECT_EQ(read.values.count("SeriesInstanceUID"), 0u);
  EXPECT_EQ(read.values.at("SOPClassUID"), UID_MRImageStorage);
  EXPECT_FALSE(readSopInstanceUid(path).empty());
}

TEST(TestStudy, TwoTimepointsOfOnePatientWithUniqueUids) {
  TempDir dir;
  TestStudyOptions options;
  options.rows = 16;
  options.t1ce_slices = 6;
  const auto patient = writeTwoTimepointPatient(dir.path(), options);
  EXPECT_NE(patient.baseline.study_instance_uid, patient.followup.study_instance_uid);
  EXPECT_NE(patient.baseline.t1ce_series_uid, patient.followup.t1ce_series_uid);
  EXPECT_LT(patient.baseline.study_date, patient.followup.study_date);

  std::set<std::string> sop_uids;
  std::size_t file_count = 0;
  for (const auto* study : {&patient.baseline, &patient.followup}) {
    std::map<std::string, std::set<std::string>> descriptions_by_series;
    std::set<std::string> frames_of_reference;
    for (const auto& file : study->files) {
      ASSERT_TRUE(file.string().starts_with(study->directory.string())) << file;
      const auto read = readInstance(file);
      EXPECT_EQ(read.values.at("StudyInstanceUID"), study->study_instance_uid);
      EXPECT_EQ(read.values.at("StudyDate"), study->study_date);
      EXPECT_EQ(read.values.at("PatientID"), options.patient.id);
      descriptions_by_series[read.values.at("SeriesInstanceUID")].insert(
          read.values.at("SeriesDescription"));
      frames_of_reference.insert(read.values.at("FrameOfReferenceUID"));
      sop_uids.insert(read.values.at("SOPInstanceUID"));
      ++file_count;
    }
    EXPECT_EQ(descriptions_by_series.size(), 6u) << "the T1ce series and five distractors";
    for (const auto& [uid, descriptions] : descriptions_by_series) {
      EXPECT_EQ(descriptions.size(), 1u) << uid;
    }
    ASSERT_EQ(descriptions_by_series.count(study->t1ce_series_uid), 1u);
    EXPECT_EQ(*descriptions_by_series.at(study->t1ce_series_uid).begin(), "t1_mprage_tra_KM");
    EXPECT_EQ(frames_of_reference.size(), 1u);
  }
  EXPECT_EQ(sop_uids.size(), file_count) << "SOP Instance UIDs repeat";
}

TEST(TestStudy, TheFollowupLesionIsLarger) {
  TempDir dir;
  TestStudyOptions options;
  options.distractors = false;
  const auto patient = writeTwoTimepointPatient(dir.path(), options);
  EXPECT_GT(pixelsBrighterThan(patient.followup.files, 1000),
            pixelsBrighterThan(patient.baseline.files, 1000));
}

TEST(Process, RunCommandReturnsExitCodeAndBothOutputs) {
  const auto result = runCommand({"sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3"}, 10s);
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_FALSE(result.timed_out);
  EXPECT_NE(result.output.find("to-stdout"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("to-stderr"), std::string::npos) << result.output;
  EXPECT_EQ(runCommand({"true"}, 10s).exit_code, 0);
}

TEST(Process, RunCommandKillsACommandThatOverrunsItsTimeout) {
  const auto start = std::chrono::steady_clock::now();
  const auto result = runCommand({"sleep", "30"}, 1s);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST(Process, AnUnknownProgramCannotStart) {
  TempDir dir;
  EXPECT_THROW(Process({"everynet-no-such-program"}, dir.path() / "log"), std::system_error);
}

TEST(Process, ReportsSignalsAndAppendsToTheLog) {
  TempDir dir;
  const auto log = dir.path() / "child.log";
  {
    Process child({"sh", "-c", "echo first"}, log);
    EXPECT_EQ(child.waitExit(10s), 0);
    EXPECT_FALSE(child.running());
  }
  Process sleeper({"sh", "-c", "echo second; exec sleep 30"}, log);
  EXPECT_TRUE(sleeper.running());
  EXPECT_FALSE(sleeper.waitExit(100ms).has_value());
  sleeper.signal(SIGTERM);
  EXPECT_EQ(sleeper.waitExit(10s), 128 + SIGTERM);
  EXPECT_EQ(readFile(log), "first\nsecond\n");
}

TEST(Process, DestructorKillsAndReapsARunningChild) {
  TempDir dir;
  int pid = 0;
  {
    Process sleeper({"sleep", "30"}, dir.path() / "log");
    pid = sleeper.pid();
    ASSERT_EQ(::kill(pid, 0), 0);
  }
  errno = 0;
  EXPECT_EQ(::kill(pid, 0), -1) << "the child is still there (or a zombie)";
  EXPECT_EQ(errno, ESRCH);
}

TEST(WaitUntil, ReturnsWhenTheConditionHoldsOrTheTimeIsOver) {
  int calls = 0;
  EXPECT_TRUE(waitUntil([&] { return ++calls == 3; }, 10s));
  EXPECT_EQ(calls, 3);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(waitUntil([] { return false; }, 200ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
}

TEST(FreeTcpPort, CanBeBoundOnLoopback) {
  const int port = freeTcpPort();
  ASSERT_GT(port, 0);
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ::close(fd);
}

TEST(TempDir, IsCreatedAndRemovedWithItsContent) {
  fs::path kept;
  {
    TempDir dir("everynet-support-test");
    kept = dir.path();
    ASSERT_TRUE(fs::is_directory(kept));
    fs::create_directories(kept / "a" / "b");
    std::ofstream(kept / "a" / "b" / "file") << "x";
  }
  if (std::getenv("EVERYNET_KEEP_TEST_DIRS") == nullptr) {
    EXPECT_FALSE(fs::exists(kept));
  }
}

}  // namespace
}  // namespace everynet::test
