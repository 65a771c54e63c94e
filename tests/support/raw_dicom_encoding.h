#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// DICOM bytes written by hand, for tests that send what a well-behaved library never would: data
// elements (PS3.5 7), command sets (PS3.7 E) and upper-layer PDUs (PS3.8 9.3), each as a test
// builds them, right or wrong.
namespace everynet::test {

namespace uid {
inline constexpr const char* kApplicationContext = "1.2.840.10008.3.1.1.1";
inline constexpr const char* kVerification = "1.2.840.10008.1.1";
inline constexpr const char* kMrImageStorage = "1.2.840.10008.5.1.4.1.1.4";
inline constexpr const char* kCtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
inline constexpr const char* kImplicitVrLittleEndian = "1.2.840.10008.1.2";
inline constexpr const char* kExplicitVrLittleEndian = "1.2.840.10008.1.2.1";
inline constexpr const char* kDeflatedExplicitVrLittleEndian = "1.2.840.10008.1.2.1.99";
inline constexpr const char* kExplicitVrBigEndian = "1.2.840.10008.1.2.2";
inline constexpr const char* kJpegLosslessSv1 = "1.2.840.10008.1.2.4.70";
// A UID root of our own under 2.25 (PS3.5 B.2), for the tests' implementation class and instances.
inline constexpr const char* kTestRoot = "2.25.126026";
}  // namespace uid

// ---- Data elements -------------------------------------------------------------------------

// The byte order and VR form of a dataset; a deflated dataset is Explicit VR Little Endian
// compressed afterwards (deflateRaw).
enum class Encoding { implicit_little, explicit_little, explicit_big };

struct Tag {
  std::uint16_t group;
  std::uint16_t element;
};

inline constexpr std::uint32_t kUndefinedLength = 0xFFFFFFFF;

// The header of a data element with the length given, which need not be the value's.
std::string elementHeader(Encoding encoding, Tag tag, std::string_view vr, std::uint32_t length);
// Its size in bytes: 8, or 12 for the explicit VRs with a 4-byte length (OB, OW, SQ, UN, ...).
std::size_t elementHeaderSize(Encoding encoding, std::string_view vr);
// A whole element whose length is its value's size; no padding is added.
std::string element(Encoding encoding, Tag tag, std::string_view vr, std::string_view value);
// Item (FFFE,E000), Item Delimitation (FFFE,E00D) and Sequence Delimitation (FFFE,E0DD) tags,
// which carry no VR in any encoding.
std::string itemHeader(Encoding encoding, std::uint32_t length);
std::string itemDelimiter(Encoding encoding);
std::string sequenceDelimiter(Encoding encoding);
// Binary values in the encoding's byte order.
std::string uint16Value(Encoding encoding, std::uint16_t value);
std::string uint32Value(Encoding encoding, std::uint32_t value);
// A text value padded to even length: UIDs with NUL, other text with a space (PS3.5 6.2).
std::string uidValue(std::string_view uid);
std::string textValue(std::string_view text);

// Deflate without zlib header or trailer, as Deflated Explicit VR Little Endian wants, with a NUL
// after a stream of odd length (PS3.5 A.5).
std::string deflateRaw(std::string_view bytes);
// The same for `header` followed by `zero_count` zero bytes, made without ever holding the zeros:
// about 1 KB per MiB of zeros.
std::string deflateRawWithZeros(std::string_view header, std::uint64_t zero_count);

// ---- DIMSE command sets (always Implicit VR Little Endian, group 0000) ---------------------

namespace command {
inline constexpr std::uint16_t kCStoreRq = 0x0001;
inline constexpr std::uint16_t kCEchoRq = 0x0030;
inline constexpr std::uint16_t kDataSetPresent = 0x0000;
inline constexpr std::uint16_t kNoDataSet = 0x0101;
}  // namespace command

struct CommandElement {
  std::uint16_t element;  // in group 0000
  std::string value;      // as encoded
};

// The elements preceded by CommandGroupLength (0000,0000), which counts them.
std::string encodeCommand(const std::vector<CommandElement>& elements);
// The elements of a C-STORE-RQ; a caller may drop or alter some before encoding.
std::vector<CommandElement> cStoreElements(std::uint16_t message_id, std::string_view sop_class,
                                           std::string_view sop_instance,
                                           std::uint16_t data_set_type = command::kDataSetPresent);
std::string cStoreCommand(std::uint16_t message_id, std::string_view sop_class,
                          std::string_view sop_instance);
std::string cEchoCommand(std::uint16_t message_id);

// ---- PDUs ----------------------------------------------------------------------------------

namespace pdu {
inline constexpr std::uint8_t kAssociateRq = 0x01;
inline constexpr std::uint8_t kAssociateAc = 0x02;
inline constexpr std::uint8_t kAssociateRj = 0x03;
inline constexpr std::uint8_t kPDataTf = 0x04;
inline constexpr std::uint8_t kReleaseRq = 0x05;
inline constexpr std::uint8_t kReleaseRp = 0x06;
inline constexpr std::uint8_t kAbort = 0x07;
// Message control header bits of a PDV (PS3.8 E.2).
inline constexpr std::uint8_t kCommandFragment = 0x01;
inline constexpr std::uint8_t kLastFragment = 0x02;
}  // namespace pdu

struct ProposedContext {
  std::uint8_t id;  // odd, 1 to 255
  std::string abstract_syntax;
  std::vector<std::string> transfer_syntaxes;
};

struct AssociationProposal {
  std::string calling_ae = "HOSTILE_SCU";
  std::string called_ae = "EVERYNET";
  std::uint16_t protocol_version = 1;
  std::string application_context = uid::kApplicationContext;
  std::vector<ProposedContext> contexts;
  std::uint32_t max_pdu_length = 16384;  // what we receive; 0: no limit
  std::string implementation_class_uid = std::string(uid::kTestRoot) + ".1";
};

// A PDU: type, reserved byte, 4-byte big-endian length, then the body.
std::string encodePdu(std::uint8_t type, std::string_view body);
std::string encodeAssociateRq(const AssociationProposal& proposal);
// One P-DATA-TF PDU holding one PDV.
std::string encodePDataTf(std::uint8_t context_id, std::uint8_t control, std::string_view data);
std::string encodeReleaseRq();
std::string encodeAbort();

}  // namespace everynet::test
