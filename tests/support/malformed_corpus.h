#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tests/support/raw_dicom_client.h"

// Malformed DICOM input for a running node, each case with what a correct node does with it.
namespace everynet::test {

// The presentation contexts every corpus association proposes, one transfer syntax each, so that
// the syntax a context was accepted with is known.
namespace corpus_context {
inline constexpr std::uint8_t kVerification = 1;
inline constexpr std::uint8_t kImplicitLittle = 3;
inline constexpr std::uint8_t kExplicitLittle = 5;
inline constexpr std::uint8_t kExplicitBig = 7;
inline constexpr std::uint8_t kDeflated = 9;
inline constexpr std::uint8_t kJpegLossless = 11;  // encapsulated pixel data
}  // namespace corpus_context

// Verification, and MR Image Storage in each syntax above.
AssociationProposal corpusProposal();

// The node's configuration that the expected outcomes assume: dicom.dimse_timeout_seconds (a
// dataset announced and never sent is given up on after it) and dicom.max_instance_mb (a deflated
// dataset inflating to 1 GiB is above it). The other limits keep their defaults.
inline constexpr int kCorpusDimseTimeoutSeconds = 5;
inline constexpr int kCorpusMaxInstanceMb = 64;

enum class Outcome {
  stored,                  // C-STORE answered 0x0000: a valid case among the hostile ones
  store_refused,           // C-STORE answered with one of `statuses`
  store_refused_or_ended,  // one of `statuses`, or the association aborted or closed by the node
  association_accepted,    // A-ASSOCIATE-AC
  association_rejected,    // A-ASSOCIATE-RJ
  association_refused,     // A-ASSOCIATE-RJ, A-ABORT or the connection closed: no association
  association_ended,       // A-ABORT or the connection closed by the node
  node_survives,           // any answer or end; for input where more than one answer is right
};

struct Expectation {
  Outcome outcome;
  std::set<std::uint16_t> statuses;  // the failure statuses that are right, for store_refused*
};

// C-STORE failure statuses (PS3.4 B.2.3). Processing failure (0x0110) is never right for input
// that is at fault, and success never for malformed input.
inline const std::set<std::uint16_t> kCannotUnderstand = {0xA900, 0xC000};
inline const std::set<std::uint16_t> kOutOfResources = {0xA700};
// A limit crossed (nesting depth, size) or a length that no dataset here can have.
inline const std::set<std::uint16_t> kOverLimit = {0xA700, 0xA900, 0xC000};

// A C-STORE as sent: the command set and the dataset as PDVs, each on its context.
struct StoreMessage {
  std::uint8_t context_id;
  std::string command;                 // Implicit VR Little Endian, group 0000
  std::optional<std::string> dataset;  // none: the command alone
  std::uint8_t dataset_context_id;     // normally context_id
};

struct MalformedCase {
  std::string name;  // unique: category/variant
  // The A-ASSOCIATE-RQ as sent; none: `raw` goes on a fresh connection.
  std::optional<std::string> association_request = std::nullopt;
  std::optional<StoreMessage> store = std::nullopt;  // sent once associated
  std::string raw = {};         // sent once associated (or at once, without a request)
  bool finish_sending = false;  // then the node sees the end of our stream
  Expectation expected;
  std::chrono::milliseconds deadline{2000};  // for the node's answer
};

// A valid MR instance as the corpus writes it, with `pixel_bytes` of Pixel Data: a node stores
// Pixel Data without checking it against Rows and Columns.
std::string mrInstanceBytes(Encoding encoding, const std::string& sop_instance,
                            std::uint32_t pixel_bytes);

// The whole corpus, in a fixed order: the same bytes and names on every call.
std::vector<MalformedCase> malformedCorpus();

// Whether the node's answer to the case's last message is the expected outcome.
bool meets(const Expectation& expected, const NodeAnswer& answer);
// Whether the association goes on after an answer with this outcome (so a C-ECHO on it must be
// answered).
bool associationGoesOn(const Expectation& expected, const NodeAnswer& answer);
std::string describe(const Expectation& expected);
const char* outcomeName(Outcome outcome);

// What became of one case sent to a node.
struct CaseResult {
  bool passed = false;
  bool node_unreachable = false;  // not even a connection could be opened
  NodeAnswer answer;              // to the case's last message
  std::string problem;            // why it did not pass
};

// Sends the case to the node on 127.0.0.1:port over a fresh connection and judges the answer;
// where the association goes on, a C-ECHO on it must be answered as well.
CaseResult runCase(int port, const MalformedCase& c);

}  // namespace everynet::test
