#include "tests/support/malformed_corpus.h"

#include <fmt/format.h>

#include "tests/support/malformed_corpus_builder.h"

namespace everynet::test {

std::vector<MalformedCase> malformedCorpus() {
  using namespace corpus_generation;
  CorpusBuilder b;
  addAssociationCases(b);
  addGarbageCases(b);
  addPduCases(b);
  addCommandCases(b);
  addUidCases(b);
  addVrCases(b);
  addOddLengthCases(b);
  addEncapsulatedCases(b);
  addSyntaxMismatchCases(b);
  addLengthCases(b);
  addDelimiterCases(b);
  addTruncationCases(b);
  addDeflateCases(b);
  addNestingCases(b);  // last: the deepest crashed the node before it had a depth limit
  return b.take();
}

std::string mrInstanceBytes(Encoding encoding, const std::string& sop_instance,
                            std::uint32_t pixel_bytes) {
  using namespace corpus_generation;
  std::string bytes =
      bytesOf(encoding, without(mrInstance(encoding, sop_instance), tags::kPixelData));
  bytes += elementHeader(encoding, tags::kPixelData, "OW", pixel_bytes);
  bytes.append(pixel_bytes, '\x11');
  return bytes;
}

bool meets(const Expectation& expected, const NodeAnswer& answer) {
  using Kind = NodeAnswer::Kind;
  const bool ended = answer.kind == Kind::aborted || answer.kind == Kind::closed;
  const bool refused = answer.kind == Kind::responded && expected.statuses.contains(answer.status);
  switch (expected.outcome) {
    case Outcome::stored:
      return answer.kind == Kind::responded && answer.status == 0x0000;
    case Outcome::store_refused:
      return refused;
    case Outcome::store_refused_or_ended:
      return refused || ended;
    case Outcome::association_accepted:
      return answer.kind == Kind::associated;
    case Outcome::association_rejected:
      return answer.kind == Kind::rejected;
    case Outcome::association_refused:
      return answer.kind == Kind::rejected || ended;
    case Outcome::association_ended:
      return ended;
    case Outcome::node_survives:
      return answer.kind != Kind::timed_out;
  }
  return false;
}

bool associationGoesOn(const Expectation& expected, const NodeAnswer& answer) {
  // A node that answered a DIMSE message keeps the association; an accepted odd request (one
  // byte PDUs, repeated context IDs) is not used further.
  return answer.kind == NodeAnswer::Kind::responded ||
         (answer.kind == NodeAnswer::Kind::associated &&
          expected.outcome == Outcome::association_accepted);
}

const char* outcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::stored:
      return "stored";
    case Outcome::store_refused:
      return "store refused";
    case Outcome::store_refused_or_ended:
      return "store refused or association ended";
    case Outcome::association_accepted:
      return "association accepted";
    case Outcome::association_rejected:
      return "association rejected";
    case Outcome::association_refused:
      return "association refused";
    case Outcome::association_ended:
      return "association ended";
    case Outcome::node_survives:
      return "node answers";
  }
  return "?";
}

std::string describe(const Expectation& expected) {
  std::string text = outcomeName(expected.outcome);
  if (!expected.statuses.empty()) {
    text += " with";
    for (const auto status : expected.statuses) text += fmt::format(" {:#06x}", status);
  }
  return text;
}

AssociationProposal corpusProposal() {
  AssociationProposal proposal;
  proposal.contexts = {
      {corpus_context::kVerification, uid::kVerification, {uid::kImplicitVrLittleEndian}},
      {corpus_context::kImplicitLittle, uid::kMrImageStorage, {uid::kImplicitVrLittleEndian}},
      {corpus_context::kExplicitLittle, uid::kMrImageStorage, {uid::kExplicitVrLittleEndian}},
      {corpus_context::kExplicitBig, uid::kMrImageStorage, {uid::kExplicitVrBigEndian}},
      {corpus_context::kDeflated, uid::kMrImageStorage, {uid::kDeflatedExplicitVrLittleEndian}},
      {corpus_context::kJpegLossless, uid::kMrImageStorage, {uid::kJpegLosslessSv1}},
  };
  return proposal;
}

}  // namespace everynet::test
