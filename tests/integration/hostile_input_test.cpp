// Datasets that crashed the DICOM node, made it hold what they declared, or held an association
// slot until a timeout: sent over the network, each is refused at once with a failure status that
// names the limit, and the node answers a C-ECHO from another client after every one.
#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "service_fixture.h"
#include "tests/support/malformed_corpus.h"
#include "tests/support/raw_dicom_client.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;

// The corpus case of that name; the corpus is generated once per test program.
const MalformedCase& corpusCase(const std::string& name) {
  static const std::vector<MalformedCase> corpus = malformedCorpus();
  const auto found = std::find_if(corpus.begin(), corpus.end(),
                                  [&](const MalformedCase& c) { return c.name == name; });
  if (found == corpus.end()) throw std::invalid_argument("no corpus case " + name);
  return *found;
}

// A memory figure of /proc/PID/status (VmRSS, VmHWM) in KiB; -1 when it cannot be read.
long statusKib(int pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  long value = -1;
  while (status >> key) {
    if (key == field + ":") {
      status >> value;
      return value;
    }
    status.ignore(1 << 10, '\n');
  }
  return -1;
}

class HostileInputTest : public ServiceFixture {
 protected:
  void expectEchoAnsweredWithin2s(const std::string& after) {
    EXPECT_TRUE(timeEcho(port(), 2s)) << "no C-ECHO answered within 2 s after " << after;
  }

  void expectLogNames(const std::string& limit) {
    EXPECT_NE(serviceLog().find(limit), std::string::npos) << "the log does not name " << limit;
  }

  // Starts the service's peak RSS (VmHWM) afresh from its RSS now (Linux 4.0 and later), so that
  // the peak seen afterwards is this test's; returns the RSS in KiB.
  long resetPeakRss() {
    std::ofstream("/proc/" + std::to_string(servicePid()) + "/clear_refs") << "5";
    return statusKib(servicePid(), "VmRSS");
  }

  void expectPeakRssGrewLessThan(long rss_before_kib, long limit_mib, const std::string& after) {
    const long peak = statusKib(servicePid(), "VmHWM");
    ASSERT_GT(peak, 0) << "cannot read the service's VmHWM";
    EXPECT_LT(peak - rss_before_kib, limit_mib * 1024)
        << "the service's peak RSS grew by " << (peak - rss_before_kib) / 1024 << " MiB after "
        << after;
  }
};

// Issue 26, defect 1: about 6,000 levels overflowed the parser's stack and killed the service.
TEST_F(HostileInputTest, DatasetsNestedThousandsOfLevelsDeepAreRefusedAndTheNodeStaysUp) {
  startService();
  for (const std::string name : {"nesting/explicit-le/defined-length-6000-levels",
                                 "nesting/explicit-le/undefined-length-20000-levels",
                                 "nesting/implicit-le/undefined-length-20000-levels",
                                 "nesting/explicit-be/defined-length-20000-levels"}) {
    const CaseResult result = runCase(port(), corpusCase(name));
    EXPECT_TRUE(result.passed) << name << ": " << result.problem;
    EXPECT_NE(result.answer.error_comment.find("max_nesting_depth"), std::string::npos)
        << name << ": the Error Comment does not name the limit: " << describe(result.answer);
    ASSERT_TRUE(serviceRunning()) << name << " took the service down";
    expectEchoAnsweredWithin2s(name);
  }
  expectLogNames("max_nesting_depth");
  const std::string within = "nesting/explicit-le/defined-length-16-levels";
  const CaseResult stored = runCase(port(), corpusCase(within));
  EXPECT_TRUE(stored.passed) << within << " (within the limit): " << stored.problem;
}

// Issue 26, defect 3: 1 MB of deflated zeros declaring 1 GB of pixel data was inflated in full
// (RSS from 292 MB to 1.3 GB) and stored.
TEST_F(HostileInputTest, ADeflatedDatasetInflatingToAGigabyteIsRefusedWithoutBeingHeld) {
  setExtraConfig("[dicom]\nmax_instance_mb = 16\n");
  startService();
  const long rss_before = resetPeakRss();
  ASSERT_GT(rss_before, 0) << "cannot read the service's VmRSS";
  const std::string name = "deflate/1mb-inflating-to-1gb";
  const CaseResult result = runCase(port(), corpusCase(name));
  EXPECT_EQ(result.answer.kind, NodeAnswer::Kind::responded) << describe(result.answer);
  EXPECT_EQ(result.answer.status, 0xA700) << describe(result.answer);
  EXPECT_TRUE(result.passed) << result.problem;
  expectPeakRssGrewLessThan(rss_before, 256, name);
  expectLogNames("max_instance_mb");
  ASSERT_TRUE(serviceRunning());
  expectEchoAnsweredWithin2s(name);
}

// Issue 26, defect 3: a plain instance peaked at twice its size in RSS; with a limit, the stream
// is refused as it passes the limit and never held.
TEST_F(HostileInputTest, AnInstanceAboveMaxInstanceMbIsRefusedWithoutBeingHeld) {
  setExtraConfig("[dicom]\nmax_instance_mb = 1\n");
  startService();
  const std::string sop_instance = std::string(uid::kTestRoot) + ".26.1";
  const std::string large =
      mrInstanceBytes(Encoding::explicit_little, sop_instance, std::uint32_t{256} << 20);
  const long rss_before = resetPeakRss();
  {
    RawDicomClient client(port(), 30s);
    const NodeAnswer associated = client.associate(corpusProposal());
    ASSERT_EQ(associated.kind, NodeAnswer::Kind::associated) << describe(associated);
    const NodeAnswer answer =
        client.store(corpus_context::kExplicitLittle, uid::kMrImageStorage, sop_instance, large);
    EXPECT_EQ(answer.kind, NodeAnswer::Kind::responded) << describe(answer);
    EXPECT_EQ(answer.status, 0xA700) << describe(answer);
    EXPECT_NE(answer.error_comment.find("max_instance_mb"), std::string::npos)
        << "the Error Comment does not name the limit: " << describe(answer);
  }
  expectPeakRssGrewLessThan(rss_before, 128, "a 256 MiB instance");
  expectLogNames("max_instance_mb");
  ASSERT_TRUE(serviceRunning());
  expectEchoAnsweredWithin2s("a 256 MiB instance");

  // An instance within the limit is still stored.
  RawDicomClient client(port());
  ASSERT_EQ(client.associate(corpusProposal()).kind, NodeAnswer::Kind::associated);
  const std::string small_instance = std::string(uid::kTestRoot) + ".26.2";
  const NodeAnswer stored =
      client.store(corpus_context::kExplicitLittle, uid::kMrImageStorage, small_instance,
                   mrInstanceBytes(Encoding::explicit_little, small_instance, 512 << 10));
  EXPECT_EQ(stored.kind, NodeAnswer::Kind::responded) << describe(stored);
  EXPECT_EQ(stored.status, 0x0000) << describe(stored);
}

// Issue 26, defect 3: these held their association until the 30 s DIMSE timeout. The corpus
// cases give each 2 s for its answer.
TEST_F(HostileInputTest, MalformedMessagesThatHeldTheirSlotAreAnsweredAtOnce) {
  setExtraConfig("[dicom]\ndimse_timeout_seconds = 30\n");
  startService();
  for (const std::string name :
       {"fragments/odd-first-fragment", "fragments/odd-last-fragment", "fragments/odd-offset-table",
        "fragments/one-byte-fragment", "command/sop-instance-uid-65-chars",
        "command/sop-class-uid-65-chars", "command/sop-instance-uid-65-chars-dataset-64",
        "command/no-dataset-on-context-5", "command/no-dataset-on-context-9"}) {
    const MalformedCase& c = corpusCase(name);
    ASSERT_LE(c.deadline, 2s);
    const CaseResult result = runCase(port(), c);
    EXPECT_NE(result.answer.kind, NodeAnswer::Kind::timed_out) << name << ": no answer within 2 s";
    EXPECT_TRUE(result.passed) << name << ": " << result.problem;
    ASSERT_TRUE(serviceRunning()) << name << " took the service down";
    expectEchoAnsweredWithin2s(name);
  }
}

}  // namespace
}  // namespace everynet::test
