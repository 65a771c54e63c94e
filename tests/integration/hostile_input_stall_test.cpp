// Connections that send their association request slowly or not at all (issue 26, defect 2: one
// held every new association off for 30 s, or for ever at one byte every 20 s). The node answers
// a C-ECHO from another client within 2 s all along, and closes the stalled connection once
// dicom.acse_timeout_seconds have passed since it opened, however the bytes trickle in.
#include <thread>

#include "service_fixture.h"
#include "tests/support/malformed_corpus.h"
#include "tests/support/raw_dicom_client.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kAcseTimeout = 3s;
constexpr auto kEchoWithin = 2s;

std::chrono::milliseconds millisecondsUntil(Clock::time_point when) {
  return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(when - Clock::now()),
                  std::chrono::milliseconds(0));
}

class HostileInputStallTest : public ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    setExtraConfig("[dicom]\nacse_timeout_seconds = 3\n");
  }

  // C-ECHOs from a second client, one every 250 ms until `until`, each answered within 2 s.
  void expectEchoesAnsweredUntil(Clock::time_point until, const std::string& meanwhile) {
    do {
      const auto took = timeEcho(port(), kEchoWithin);
      ASSERT_TRUE(took) << "a C-ECHO was not answered within 2 s while " << meanwhile;
      std::this_thread::sleep_for(250ms);
    } while (Clock::now() < until);
  }

  // The stalled connection is closed by the node about acse_timeout_seconds after it opened.
  void expectClosedAfterTheAcseTimeout(RawDicomClient& stalled, Clock::time_point opened) {
    const bool closed = stalled.closedWithin(millisecondsUntil(opened + kAcseTimeout + 2s));
    const auto open_for =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - opened);
    EXPECT_TRUE(closed) << "still open " << open_for.count()
                        << " ms after it opened (acse_timeout_seconds = 3)";
    EXPECT_GE(open_for, kAcseTimeout - 1s) << "closed before the ACSE timeout";
  }
};

TEST_F(HostileInputStallTest, ASilentConnectionHoldsNoOneOffAndIsClosed) {
  startService();
  const auto opened = Clock::now();
  RawDicomClient silent(port());
  expectEchoesAnsweredUntil(opened + kAcseTimeout - 500ms, "a connection sent nothing");
  expectClosedAfterTheAcseTimeout(silent, opened);
  EXPECT_TRUE(timeEcho(port(), kEchoWithin));
}

TEST_F(HostileInputStallTest, AnAssociationRequestHeaderAloneHoldsNoOneOffAndIsClosed) {
  startService();
  const auto opened = Clock::now();
  RawDicomClient stalled(port());
  ASSERT_TRUE(stalled.sendBytes(encodeAssociateRq(corpusProposal()).substr(0, 6)));
  expectEchoesAnsweredUntil(opened + kAcseTimeout - 500ms, "a request stopped after its header");
  expectClosedAfterTheAcseTimeout(stalled, opened);
  EXPECT_TRUE(timeEcho(port(), kEchoWithin));
}

// A byte every 2 s is within any per-read timeout of 3 s: only a deadline for the whole request
// closes this connection.
TEST_F(HostileInputStallTest, ARequestTrickledAByteEvery2SecondsIsClosedAtTheAcseTimeout) {
  startService();
  const std::string request = encodeAssociateRq(corpusProposal());
  const auto opened = Clock::now();
  RawDicomClient trickle(port());
  ASSERT_TRUE(trickle.sendBytes(request.substr(0, 6)));
  std::optional<std::chrono::milliseconds> closed_after;
  for (std::size_t byte = 6; byte < 10 && !closed_after; ++byte) {
    const auto send_at = opened + 2s * static_cast<int>(byte - 5);
    expectEchoesAnsweredUntil(send_at - 250ms, "a request came one byte every 2 s");
    std::this_thread::sleep_for(millisecondsUntil(send_at));
    if (trickle.closedWithin(0ms) || !trickle.sendBytes(request.substr(byte, 1))) {
      closed_after = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - opened);
    }
  }
  ASSERT_TRUE(closed_after) << "a request trickling in stayed open for 8 s "
                               "(acse_timeout_seconds = 3)";
  EXPECT_LE(*closed_after, kAcseTimeout + 2s);
  EXPECT_TRUE(timeEcho(port(), kEchoWithin));
}

}  // namespace
}  // namespace everynet::test
