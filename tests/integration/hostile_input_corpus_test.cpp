// Every case of the malformed-input corpus (tests/support/malformed_corpus.h) sent to one running
// node, its outcome asserted; the node answers a C-ECHO from another client all along and is up
// at the end.
#include <iostream>
#include <map>
#include <sstream>

#include "service_fixture.h"
#include "tests/support/malformed_corpus.h"
#include "tests/support/raw_dicom_client.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// The whole corpus takes seconds on a node that answers at once; one that waits out a timeout
// on many cases is failing anyway, and this bounds how long it takes to say so.
constexpr auto kCorpusBudget = 110s;
constexpr int kEchoEvery = 20;  // cases

std::string answerName(const NodeAnswer& answer) {
  switch (answer.kind) {
    case NodeAnswer::Kind::associated:
      return "associated";
    case NodeAnswer::Kind::rejected:
      return "rejected";
    case NodeAnswer::Kind::responded: {
      char status[8];
      std::snprintf(status, sizeof status, "%04X", answer.status);
      return status;
    }
    case NodeAnswer::Kind::released:
      return "released";
    case NodeAnswer::Kind::aborted:
      return "aborted";
    case NodeAnswer::Kind::closed:
      return "closed";
    case NodeAnswer::Kind::timed_out:
      return "timed out";
    case NodeAnswer::Kind::malformed:
      return "unreadable";
  }
  return "?";
}

std::string joined(const std::map<std::string, int>& counts) {
  std::ostringstream out;
  const char* separator = "";
  for (const auto& [name, count] : counts) {
    out << separator << name << " " << count;
    separator = ", ";
  }
  return out.str();
}

class HostileInputCorpusTest : public ServiceFixture {};

TEST_F(HostileInputCorpusTest, EveryCaseGetsItsExpectedOutcomeAndTheNodeStaysUp) {
  setExtraConfig("[dicom]\nacse_timeout_seconds = 3\ndimse_timeout_seconds = " +
                 std::to_string(kCorpusDimseTimeoutSeconds) +
                 "\nmax_instance_mb = " + std::to_string(kCorpusMaxInstanceMb) + "\n");
  startService();
  const std::vector<MalformedCase> corpus = malformedCorpus();
  const auto started = Clock::now();
  std::map<std::string, int> expected;
  std::map<std::string, int> answers;
  std::vector<std::string> failures;
  std::size_t run = 0;
  for (const MalformedCase& c : corpus) {
    if (Clock::now() - started > kCorpusBudget) {
      failures.push_back("out of time after " + std::to_string(run) + " cases");
      break;
    }
    const CaseResult result = runCase(port(), c);
    ++run;
    ++expected[outcomeName(c.expected.outcome)];
    ++answers[answerName(result.answer)];
    if (!result.passed) failures.push_back(c.name + ": " + result.problem);
    if (result.node_unreachable || !serviceRunning()) {
      failures.push_back("the node is down after " + c.name);
      break;
    }
    if (run % kEchoEvery == 0 && !timeEcho(port(), 2s)) {
      failures.push_back("no C-ECHO answered within 2 s after " + c.name);
    }
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  std::cout << "malformed corpus: " << run << " of " << corpus.size() << " cases run, "
            << run - failures.size() << " as expected, in " << took.count() / 1000.0
            << " s; expected: " << joined(expected) << "; answers: " << joined(answers) << "\n";

  EXPECT_GE(corpus.size(), 200u);
  EXPECT_EQ(run, corpus.size());
  ASSERT_TRUE(serviceRunning()) << "the node did not survive the corpus";
  EXPECT_TRUE(timeEcho(port(), 2s)) << "no C-ECHO answered within 2 s after the corpus";
  const RunResult echoscu = echo();
  EXPECT_EQ(echoscu.exit_code, 0) << echoscu.output;
  std::ostringstream listed;
  for (const auto& failure : failures) listed << "  " << failure << "\n";
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << run << " cases failed:\n"
                                << listed.str();
}

}  // namespace
}  // namespace everynet::test
