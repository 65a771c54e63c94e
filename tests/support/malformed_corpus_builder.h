#pragma once

// What the corpus generators share: the instance they all start from, element lists that can be
// changed before encoding, and the builder that collects the cases. Tests use malformed_corpus.h.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/support/malformed_corpus.h"
#include "tests/support/raw_dicom_client.h"

namespace everynet::test::corpus_generation {

inline constexpr Encoding kImplicit = Encoding::implicit_little;
inline constexpr Encoding kExplicit = Encoding::explicit_little;
inline constexpr Encoding kBig = Encoding::explicit_big;
inline constexpr Encoding kEncodings[] = {kImplicit, kExplicit, kBig};

namespace tags {
inline constexpr Tag kImageType{0x0008, 0x0008};
inline constexpr Tag kSopClassUid{0x0008, 0x0016};
inline constexpr Tag kSopInstanceUid{0x0008, 0x0018};
inline constexpr Tag kModality{0x0008, 0x0060};
inline constexpr Tag kStudyDescription{0x0008, 0x1030};
inline constexpr Tag kReferencedSeriesSequence{0x0008, 0x1115};
inline constexpr Tag kReferencedSopClassUid{0x0008, 0x1150};
inline constexpr Tag kPatientName{0x0010, 0x0010};
inline constexpr Tag kPatientId{0x0010, 0x0020};
inline constexpr Tag kStudyInstanceUid{0x0020, 0x000D};
inline constexpr Tag kSeriesInstanceUid{0x0020, 0x000E};
inline constexpr Tag kInstanceNumber{0x0020, 0x0013};
inline constexpr Tag kSamplesPerPixel{0x0028, 0x0002};
inline constexpr Tag kPhotometricInterpretation{0x0028, 0x0004};
inline constexpr Tag kRows{0x0028, 0x0010};
inline constexpr Tag kColumns{0x0028, 0x0011};
inline constexpr Tag kBitsAllocated{0x0028, 0x0100};
inline constexpr Tag kBitsStored{0x0028, 0x0101};
inline constexpr Tag kHighBit{0x0028, 0x0102};
inline constexpr Tag kPixelRepresentation{0x0028, 0x0103};
inline constexpr Tag kRequestAttributesSequence{0x0040, 0x0275};
inline constexpr Tag kPixelData{0x7FE0, 0x0010};
}  // namespace tags

inline const std::string kStudyUid = std::string(uid::kTestRoot) + ".3";
inline const std::string kSeriesUid = std::string(uid::kTestRoot) + ".4";
// A UID of 65 characters: one more than PS3.5 9.1 allows.
inline const std::string kUid65 = [] {
  std::string value = std::string(uid::kTestRoot) + ".5.";
  value.resize(65, '7');
  return value;
}();

inline const Expectation kStored{Outcome::stored, {}};
inline const Expectation kSurvives{Outcome::node_survives, {}};
inline const Expectation kMalformedDataset{Outcome::store_refused, kCannotUnderstand};
inline const Expectation kMalformedMessage{Outcome::store_refused_or_ended, kCannotUnderstand};
inline const Expectation kEnded{Outcome::association_ended, {}};
inline const Expectation kNoAssociation{Outcome::association_refused, {}};

struct Element {
  Tag tag;
  std::string vr;
  std::string value;
  std::optional<std::uint32_t> declared_length;  // when it is not the value's size
};

using Elements = std::vector<Element>;

// A dataset's bytes and where each element starts (then where the last ends), for cuts.
struct EncodedDataset {
  std::string bytes;
  std::vector<std::size_t> starts;
};

EncodedDataset encode(Encoding encoding, const Elements& elements);
std::string bytesOf(Encoding encoding, const Elements& elements);
// An 8 x 8 MR image of 16-bit pixels; the instances stored differ in their SOP Instance UID.
Elements mrInstance(Encoding e, const std::string& sop_instance,
                    const std::string& sop_class = uid::kMrImageStorage);
std::size_t indexOf(const Elements& elements, Tag tag);
Elements without(Elements elements, Tag tag);
Elements with(Elements elements, Element replacement);
// The instance's bytes with `inserted` placed before the element with `before`.
std::string insertedBefore(Encoding encoding, const Elements& elements, Tag before,
                           const std::string& inserted);
std::string tagName(Tag tag);
const char* encodingName(Encoding encoding);
std::uint8_t contextFor(Encoding encoding);
bool hasFourByteLength(Encoding encoding, const std::string& vr);
void setBigEndian16(std::string& bytes, std::size_t at, std::uint16_t value);
void setBigEndian32(std::string& bytes, std::size_t at, std::uint32_t value);
std::string pdvItem(std::uint8_t context_id, std::uint8_t control, std::string_view data);
// The same bytes for the same seed on every platform.
std::string randomBytes(std::size_t count, std::uint32_t seed);

// Collects the cases; the instances it names are numbered in the order asked for.
class CorpusBuilder {
 public:
  std::string nextInstanceUid() {
    return std::string(uid::kTestRoot) + ".2." + std::to_string(++instances_);
  }

  void add(MalformedCase c) { cases_.push_back(std::move(c)); }

  // A C-STORE of `dataset` on `context`, its command naming MR Image Storage and `sop_instance`.
  void addStore(std::string name, std::uint8_t context, std::string dataset,
                const std::string& sop_instance, Expectation expected) {
    addMessage(std::move(name),
               {.context_id = context,
                .command = cStoreCommand(1, uid::kMrImageStorage, sop_instance),
                .dataset = std::move(dataset),
                .dataset_context_id = context},
               std::move(expected));
  }

  // A message on an association of the corpus proposal.
  void addMessage(std::string name, StoreMessage message, Expectation expected) {
    add({.name = std::move(name),
         .association_request = encodeAssociateRq(corpusProposal()),
         .store = std::move(message),
         .expected = std::move(expected)});
  }

  // `raw` on an association of the corpus proposal.
  void addAfterAssociation(std::string name, std::string raw, Expectation expected) {
    add({.name = std::move(name),
         .association_request = encodeAssociateRq(corpusProposal()),
         .raw = std::move(raw),
         .expected = std::move(expected)});
  }

  void addAssociation(std::string name, std::string request, Expectation expected,
                      bool finish_sending = false) {
    add({.name = std::move(name),
         .association_request = std::move(request),
         .finish_sending = finish_sending,
         .expected = std::move(expected)});
  }

  std::vector<MalformedCase> take() { return std::move(cases_); }

 private:
  int instances_ = 0;
  std::vector<MalformedCase> cases_;
};

// The generators, one per kind of malformation.
void addAssociationCases(CorpusBuilder& b);
void addGarbageCases(CorpusBuilder& b);
void addPduCases(CorpusBuilder& b);
void addCommandCases(CorpusBuilder& b);
void addUidCases(CorpusBuilder& b);
void addVrCases(CorpusBuilder& b);
void addOddLengthCases(CorpusBuilder& b);
void addEncapsulatedCases(CorpusBuilder& b);
void addSyntaxMismatchCases(CorpusBuilder& b);
void addDeflateCases(CorpusBuilder& b);
void addLengthCases(CorpusBuilder& b);
void addDelimiterCases(CorpusBuilder& b);
void addTruncationCases(CorpusBuilder& b);
void addNestingCases(CorpusBuilder& b);

}  // namespace everynet::test::corpus_generation
