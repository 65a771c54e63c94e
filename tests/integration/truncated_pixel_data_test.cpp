// A follow-up whose pixel data is cut short in some slices, sent to a running service: its job is
// refused at analysis with the reason, no result objects are stored or exported, and the node
// answers C-ECHO meanwhile.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "service_fixture.h"
#include "tests/support/free_port.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class TruncatedPixelDataTest : public ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    // A destination, so that anything the job exported would show in its queue.
    setExtraConfig(kTestEngineConfig +
                   "[[destinations]]\nname = \"pacs\"\nae_title = \"PACS\"\nhost = "
                   "\"127.0.0.1\"\nport = " +
                   std::to_string(freeTcpPort()) + "\n");
  }

  // Replaces the Pixel Data of each file with `bytes` zero bytes: the file stays well-formed
  // DICOM, its Pixel Data element is merely shorter than Rows × Columns × 16 bits.
  void shortenPixelData(const std::vector<fs::path>& files, std::size_t bytes) {
    const auto value = dir() / "short-pixel-data.raw";
    std::ofstream(value, std::ios::binary) << std::string(bytes, '\0');
    std::vector<std::string> argv{"dcmodify", "-nb", "-mf", "(7fe0,0010)=" + value.string()};
    for (const auto& file : files) argv.push_back(file.string());
    const auto modified = runCommand(argv, 60s);
    ASSERT_EQ(modified.exit_code, 0) << modified.output;
  }
};

TEST_F(TruncatedPixelDataTest, AFollowUpWithShortPixelDataFailsWithTheReasonAndStoresNoResults) {
  const auto truth = writePhantom();
  std::vector<fs::path> slices;
  for (const auto& entry : fs::directory_iterator(
           phantomDir() / truth["followup"]["t1ce_series_folder"].get<std::string>())) {
    slices.push_back(entry.path());
  }
  std::sort(slices.begin(), slices.end());
  ASSERT_GT(slices.size(), 16u);
  shortenPixelData({slices[2], slices[7], slices[12]}, 1000);
  startService();
  sendPhantomPair(truth);

  const auto job = waitForJobEnd(300s);
  ASSERT_EQ(job["state"], "failed") << job.dump(2) << serviceLog();
  const std::string error = job["error"];
  EXPECT_NE(error.find("reading the follow-up series: instance "), std::string::npos) << error;
  EXPECT_NE(error.find(" holds 1000 bytes of pixel data; Rows × Columns × Bits Allocated × "
                       "Samples per Pixel × Number of Frames ("),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("(and 2 more of " + std::to_string(slices.size()) + " instances)"),
            std::string::npos)
      << error;
  EXPECT_TRUE(job["results"].empty());

  // Only the two series sent are indexed: no result series.
  EXPECT_EQ(indexedSeries().size(), 2u);
  const nlohmann::json jobs = jobsJson();  // kept: the loop must not outlive it
  for (const auto& series : jobs["series"]) {
    EXPECT_EQ(series["result_of_job"], nullptr) << series.dump();
  }
  const auto exports =
      runCommand({everynetBinary(), "export", "list", "--data-dir", dataDir().string()}, 30s);
  EXPECT_NE(exports.output.find("No exports queued."), std::string::npos) << exports.output;
  const auto listing =
      runCommand({everynetBinary(), "jobs", "--data-dir", dataDir().string()}, 30s);
  EXPECT_NE(listing.output.find("holds 1000 bytes of pixel data"), std::string::npos)
      << listing.output;

  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(echo().exit_code, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

}  // namespace
}  // namespace everynet::test
