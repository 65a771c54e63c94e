#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/raw_dicom_encoding.h"

// A DICOM upper-layer client over a plain TCP socket that sends whatever bytes a test gives it
// (raw_dicom_encoding.h) and reads what the node answers.
namespace everynet::test {

struct AcceptedContext {
  std::uint8_t id;
  std::string transfer_syntax;
};

// What the node did in answer to what was sent last.
struct NodeAnswer {
  enum class Kind {
    associated,  // A-ASSOCIATE-AC
    rejected,    // A-ASSOCIATE-RJ
    responded,   // a whole DIMSE response command; `status` holds its Status (0000,0900)
    released,    // A-RELEASE-RP
    aborted,     // A-ABORT
    closed,      // the connection ended (or was reset) without a PDU
    timed_out,   // nothing whole arrived before the deadline
    malformed,   // the node sent something we cannot read
  };
  Kind kind = Kind::timed_out;
  std::uint16_t status = 0;
  std::string error_comment;                       // (0000,0902) of a response, if any
  std::vector<AcceptedContext> accepted_contexts;  // of an A-ASSOCIATE-AC
  std::uint32_t peer_max_pdu_length = 0;           // of an A-ASSOCIATE-AC; 0: no limit
};

std::string describe(const NodeAnswer& answer);

// One TCP connection to a DICOM node on 127.0.0.1. Every send gives up after `timeout` and every
// read after the deadline given (or `timeout`), so a test never hangs on a stuck node.
// Not thread-safe.
class RawDicomClient {
 public:
  // Connects; throws std::system_error when the port cannot be reached within the timeout.
  explicit RawDicomClient(int port, std::chrono::milliseconds timeout = std::chrono::seconds(2));
  ~RawDicomClient();
  RawDicomClient(const RawDicomClient&) = delete;
  RawDicomClient& operator=(const RawDicomClient&) = delete;

  // False when the node closed or reset the connection, or the send timed out.
  bool sendBytes(std::string_view bytes);
  // Tells the node that nothing more comes (shutdown for writing); reads still work.
  void finishSending();

  // Sends the request and reads the answer.
  NodeAnswer associate(const AssociationProposal& proposal);
  // Sends a command and its dataset (if any) as PDVs on the contexts given, in PDUs no larger
  // than the node accepted. False as for sendBytes.
  bool sendMessage(std::uint8_t context_id, std::string_view command,
                   const std::optional<std::string_view>& dataset,
                   std::optional<std::uint8_t> dataset_context_id = std::nullopt);
  // Sends a C-STORE and reads the answer.
  NodeAnswer store(std::uint8_t context_id, std::string_view sop_class,
                   std::string_view sop_instance, std::string_view dataset);
  NodeAnswer echo(std::uint8_t context_id);
  NodeAnswer release();

  // Reads until one whole answer (an association answer, a DIMSE response, a release, an abort,
  // the end of the connection), for at most the timeout.
  NodeAnswer awaitAnswer();
  // True when the node closes the connection within the deadline; what arrives meanwhile is read
  // and dropped.
  bool closedWithin(std::chrono::milliseconds deadline);

 private:
  enum class ReadResult { complete, closed, timed_out };
  ReadResult readExactly(std::string& out, std::size_t count,
                         std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::chrono::milliseconds timeout_;
  std::uint32_t peer_max_pdu_length_ = 0;
  std::string pending_command_;  // command fragments of a response not yet complete
};

// Opens an association proposing Verification, sends a C-ECHO and releases; the time it took,
// or nothing when any step failed or the whole did not finish within the deadline.
std::optional<std::chrono::milliseconds> timeEcho(int port, std::chrono::milliseconds deadline);

}  // namespace everynet::test
