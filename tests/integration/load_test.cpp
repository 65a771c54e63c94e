// Load (issue 30, item 5): 32 storescu at once, each sending a series of its own, with
// dicom.max_associations = 32; and a 33rd association while 32 are open, refused with an
// A-ASSOCIATE-RJ while the others are still served. Prints the wall time, instances/s and the
// service's peak memory as "[ timing ]" lines; tests/bench/load.sh measures the same with
// full-size slices.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>

#include "service_fixture.h"
#include "storage/stores.h"
#include "tests/support/malformed_corpus.h"
#include "tests/support/mr_series_writer.h"
#include "tests/support/raw_dicom_client.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr int kMaxAssociations = 32;
constexpr int kSlicesPerSeries = 200;

// Small slices (64x64) keep the test quick on CI's two cores: what it checks is the association
// and index handling, not the disk's bandwidth. tests/bench/load.sh sets EVERYNET_LOAD_SLICE_SIZE
// for full-size slices.
int sliceSize() {
  const char* size = std::getenv("EVERYNET_LOAD_SLICE_SIZE");
  return size ? std::stoi(size) : 64;
}

class LoadTest : public ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    setExtraConfig("[dicom]\nmax_associations = " + std::to_string(kMaxAssociations) + "\n");
  }
};

// One series per sender, each of its own patient, so that no two timepoints make a job.
std::vector<std::vector<fs::path>> writeSeriesPerSender(const fs::path& directory) {
  std::vector<std::vector<fs::path>> series;
  for (int sender = 0; sender < kMaxAssociations; ++sender) {
    MrSeriesSpec spec;
    spec.patient.id = "LOAD-" + std::to_string(sender);
    spec.rows = sliceSize();
    spec.columns = sliceSize();
    spec.slices = kSlicesPerSeries;
    series.push_back(writeMrSeries(spec, directory / ("sender-" + std::to_string(sender))));
  }
  return series;
}

// The bytes after the File Meta Information: the receiver writes a meta header of its own
// (its implementation, the source AE title), the dataset must be the one sent.
std::string datasetBytes(const fs::path& file) {
  const std::string bytes = readFile(file);
  // Preamble (128), "DICM" (4), then (0002,0000) UL in Explicit VR Little Endian: 12 bytes with
  // the group's length as its value.
  if (bytes.size() < 144 || bytes.compare(128, 4, "DICM") != 0) return {};
  const auto* length = reinterpret_cast<const unsigned char*>(bytes.data() + 140);
  const std::size_t group_length = length[0] | length[1] << 8 | length[2] << 16 | length[3] << 24;
  return bytes.substr(std::min(bytes.size(), 144 + group_length));
}

// C-STORE responses with status Success in storescu -v's output.
int successResponses(const std::string& storescu_output) {
  int count = 0;
  const std::string success = "Received Store Response (Success)";
  for (auto at = storescu_output.find(success); at != std::string::npos;
       at = storescu_output.find(success, at + success.size())) {
    ++count;
  }
  return count;
}

// The peak resident memory of a process in kB (VmHWM), or -1 when it cannot be read.
long peakResidentKb(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    long value = 0;
    if (key == "VmHWM:" && status >> value) return value;
    status.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return -1;
}

TEST_F(LoadTest, ThirtyTwoConcurrentSeriesAreAllAcknowledgedStoredAndIndexed) {
  const auto series = writeSeriesPerSender(dir() / "incoming");
  startService();

  std::vector<std::unique_ptr<Process>> senders;
  const auto started = std::chrono::steady_clock::now();
  for (int sender = 0; sender < kMaxAssociations; ++sender) {
    const auto folder = dir() / "incoming" / ("sender-" + std::to_string(sender));
    senders.push_back(std::make_unique<Process>(
        std::vector<std::string>{"storescu", "-v", "-aet", kScuAeTitle, "-aec", "EVERYNET", "+sd",
                                 "+r", "127.0.0.1", std::to_string(port()), folder.string()},
        dir() / ("storescu-" + std::to_string(sender) + ".log")));
  }
  for (int sender = 0; sender < kMaxAssociations; ++sender) {
    const auto exit_code = senders[sender]->waitExit(120s);
    const auto output = readFile(dir() / ("storescu-" + std::to_string(sender) + ".log"));
    ASSERT_EQ(exit_code, 0) << "storescu " << sender << ":\n" << output;
    EXPECT_EQ(successResponses(output), kSlicesPerSeries) << "storescu " << sender << ":\n"
                                                          << output;
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  const long peak_kb = peakResidentKb(servicePid());
  const int instances = kMaxAssociations * kSlicesPerSeries;
  std::cout << "[ timing ] " << kMaxAssociations << " associations x " << kSlicesPerSeries
            << " instances (" << sliceSize() << "x" << sliceSize() << "): " << took.count()
            << " s, " << instances / took.count() << " instances/s\n"
            << "[ timing ] service peak RSS (VmHWM): " << peak_kb / 1024 << " MiB\n";
  EXPECT_EQ(serviceLog().find("refused an association"), std::string::npos) << serviceLog();

  const auto index = readIndex();
  ASSERT_TRUE(index);
  EXPECT_EQ(index->ingest.instanceCount(), instances);
  for (const auto& files : series) {
    for (const auto& file : files) {
      const auto stored = index->ingest.instanceFilePath(readSopInstanceUid(file));
      ASSERT_TRUE(stored) << file << " is not indexed";
      ASSERT_EQ(datasetBytes(dataDir() / *stored), datasetBytes(file))
          << *stored << " differs from what was sent";
    }
  }
}

TEST_F(LoadTest, AThirtyThirdAssociationIsRejectedWhileThirtyTwoAreOpen) {
  startService();
  std::vector<std::unique_ptr<RawDicomClient>> open;
  for (int i = 0; i < kMaxAssociations; ++i) {
    open.push_back(std::make_unique<RawDicomClient>(port(), 10s));
    const auto answer = open.back()->associate(corpusProposal());
    ASSERT_EQ(answer.kind, NodeAnswer::Kind::associated) << i << ": " << describe(answer);
  }

  RawDicomClient one_too_many(port(), 10s);
  const auto refused = one_too_many.associate(corpusProposal());
  EXPECT_EQ(refused.kind, NodeAnswer::Kind::rejected) << describe(refused);
  const auto echo_refused = echo();
  EXPECT_NE(echo_refused.exit_code, 0) << echo_refused.output;
  EXPECT_NE(echo_refused.output.find("Local Limit Exceeded"), std::string::npos)
      << echo_refused.output;
  EXPECT_NE(serviceLog().find("refused an association from 'TEST_SCU' at 127.0.0.1: 32 "
                              "associations already open (dicom.max_associations = 32)"),
            std::string::npos)
      << serviceLog();

  for (auto& client : open) {
    const auto answer = client->echo(corpus_context::kVerification);
    EXPECT_EQ(answer.kind, NodeAnswer::Kind::responded) << describe(answer);
    EXPECT_EQ(answer.status, 0) << "an open association was not served after the refusal";
  }
  EXPECT_EQ(open.back()->release().kind, NodeAnswer::Kind::released);
  open.pop_back();
  // The freed place is taken again as soon as the service has counted the release.
  EXPECT_TRUE(waitUntil([&] { return echo().exit_code == 0; }, 5s)) << serviceLog();
  for (auto& client : open) EXPECT_EQ(client->release().kind, NodeAnswer::Kind::released);
}

}  // namespace
}  // namespace everynet::test
