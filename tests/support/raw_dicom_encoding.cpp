#include "tests/support/raw_dicom_encoding.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace everynet::test {
namespace {

void appendBigEndian16(std::string& out, std::uint16_t value) {
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value & 0xFF));
}

void appendBigEndian32(std::string& out, std::uint32_t value) {
  appendBigEndian16(out, static_cast<std::uint16_t>(value >> 16));
  appendBigEndian16(out, static_cast<std::uint16_t>(value & 0xFFFF));
}

void append16(std::string& out, Encoding encoding, std::uint16_t value) {
  if (encoding == Encoding::explicit_big) {
    appendBigEndian16(out, value);
  } else {
    out.push_back(static_cast<char>(value & 0xFF));
    out.push_back(static_cast<char>(value >> 8));
  }
}

void append32(std::string& out, Encoding encoding, std::uint32_t value) {
  if (encoding == Encoding::explicit_big) {
    appendBigEndian32(out, value);
  } else {
    append16(out, encoding, static_cast<std::uint16_t>(value & 0xFFFF));
    append16(out, encoding, static_cast<std::uint16_t>(value >> 16));
  }
}

bool hasFourByteLength(std::string_view vr) {
  static constexpr std::array<std::string_view, 13> kLongVrs = {
      "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"};
  return std::find(kLongVrs.begin(), kLongVrs.end(), vr) != kLongVrs.end();
}

std::string delimiterOrItem(Encoding encoding, std::uint16_t element, std::uint32_t length) {
  std::string out;
  append16(out, encoding, 0xFFFE);
  append16(out, encoding, element);
  append32(out, encoding, length);
  return out;
}

// An AE title as the A-ASSOCIATE-RQ carries it: 16 bytes, space padded.
std::string aeTitleField(std::string_view title) {
  std::string field(title.substr(0, 16));
  field.resize(16, ' ');
  return field;
}

std::string associateItem(std::uint8_t type, std::string_view content) {
  std::string item{static_cast<char>(type), '\0'};
  appendBigEndian16(item, static_cast<std::uint16_t>(content.size()));
  item.append(content);
  return item;
}

// Runs one raw deflate over `input` with `flush`, appending to `out`.
void deflateInto(std::string& out, std::string_view input, int flush) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  std::array<char, 1 << 16> chunk;
  int result = Z_OK;
  do {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    result = deflate(&stream, flush);
    out.append(chunk.data(), chunk.size() - stream.avail_out);
  } while (stream.avail_out == 0 || (flush == Z_FINISH && result != Z_STREAM_END));
  deflateEnd(&stream);
}

}  // namespace

// ---- Data elements -------------------------------------------------------------------------

std::size_t elementHeaderSize(Encoding encoding, std::string_view vr) {
  return encoding != Encoding::implicit_little && hasFourByteLength(vr) ? 12 : 8;
}

std::string elementHeader(Encoding encoding, Tag tag, std::string_view vr, std::uint32_t length) {
  std::string out;
  append16(out, encoding, tag.group);
  append16(out, encoding, tag.element);
  if (encoding == Encoding::implicit_little) {
    append32(out, encoding, length);
  } else if (hasFourByteLength(vr)) {
    out.append(vr).append(2, '\0');
    append32(out, encoding, length);
  } else {
    out.append(vr);
    append16(out, encoding, static_cast<std::uint16_t>(length));
  }
  return out;
}

std::string element(Encoding encoding, Tag tag, std::string_view vr, std::string_view value) {
  return elementHeader(encoding, tag, vr, static_cast<std::uint32_t>(value.size())).append(value);
}

std::string itemHeader(Encoding encoding, std::uint32_t length) {
  return delimiterOrItem(encoding, 0xE000, length);
}

std::string itemDelimiter(Encoding encoding) {
  return delimiterOrItem(encoding, 0xE00D, 0);
}

std::string sequenceDelimiter(Encoding encoding) {
  return delimiterOrItem(encoding, 0xE0DD, 0);
}

std::string uint16Value(Encoding encoding, std::uint16_t value) {
  std::string out;
  append16(out, encoding, value);
  return out;
}

std::string uint32Value(Encoding encoding, std::uint32_t value) {
  std::string out;
  append32(out, encoding, value);
  return out;
}

std::string uidValue(std::string_view uid) {
  std::string out(uid);
  if (out.size() % 2 != 0) out.push_back('\0');
  return out;
}

std::string textValue(std::string_view text) {
  std::string out(text);
  if (out.size() % 2 != 0) out.push_back(' ');
  return out;
}

std::string deflateRaw(std::string_view bytes) {
  std::string out;
  deflateInto(out, bytes, Z_FINISH);
  if (out.size() % 2 != 0) out.push_back('\0');
  return out;
}

std::string deflateRawWithZeros(std::string_view header, std::uint64_t zero_count) {
  // Each piece ends with a full flush: byte-aligned, no final block, no reference to what came
  // before it. So a piece of compressed zeros can be repeated, and one final empty block ends all.
  constexpr std::uint64_t kPiece = 1 << 20;
  std::string out;
  deflateInto(out, header, Z_FULL_FLUSH);
  std::string zeros_piece;
  deflateInto(zeros_piece, std::string(kPiece, '\0'), Z_FULL_FLUSH);
  for (std::uint64_t i = 0; i < zero_count / kPiece; ++i) out.append(zeros_piece);
  deflateInto(out, std::string(zero_count % kPiece, '\0'), Z_FULL_FLUSH);
  deflateInto(out, {}, Z_FINISH);
  if (out.size() % 2 != 0) out.push_back('\0');
  return out;
}

// ---- DIMSE command sets --------------------------------------------------------------------

std::string encodeCommand(const std::vector<CommandElement>& elements) {
  std::string body;
  for (const auto& e : elements) {
    body += element(Encoding::implicit_little, {0x0000, e.element}, "", e.value);
  }
  const auto group_length = static_cast<std::uint32_t>(body.size());
  return element(Encoding::implicit_little, {0x0000, 0x0000}, "UL",
                 uint32Value(Encoding::implicit_little, group_length)) +
         body;
}

std::vector<CommandElement> cStoreElements(std::uint16_t message_id, std::string_view sop_class,
                                           std::string_view sop_instance,
                                           std::uint16_t data_set_type) {
  constexpr Encoding kLe = Encoding::implicit_little;
  return {{0x0002, uidValue(sop_class)},
          {0x0100, uint16Value(kLe, command::kCStoreRq)},
          {0x0110, uint16Value(kLe, message_id)},
          {0x0700, uint16Value(kLe, 0)},  // priority: medium
          {0x0800, uint16Value(kLe, data_set_type)},
          {0x1000, uidValue(sop_instance)}};
}

std::string cStoreCommand(std::uint16_t message_id, std::string_view sop_class,
                          std::string_view sop_instance) {
  return encodeCommand(cStoreElements(message_id, sop_class, sop_instance));
}

std::string cEchoCommand(std::uint16_t message_id) {
  constexpr Encoding kLe = Encoding::implicit_little;
  return encodeCommand({{0x0002, uidValue(uid::kVerification)},
                        {0x0100, uint16Value(kLe, command::kCEchoRq)},
                        {0x0110, uint16Value(kLe, message_id)},
                        {0x0800, uint16Value(kLe, command::kNoDataSet)}});
}

// ---- PDUs ----------------------------------------------------------------------------------

std::string encodePdu(std::uint8_t type, std::string_view body) {
  std::string out{static_cast<char>(type), '\0'};
  appendBigEndian32(out, static_cast<std::uint32_t>(body.size()));
  out.append(body);
  return out;
}

std::string encodeAssociateRq(const AssociationProposal& proposal) {
  std::string body;
  appendBigEndian16(body, proposal.protocol_version);
  body.append(2, '\0');
  body += aeTitleField(proposal.called_ae) + aeTitleField(proposal.calling_ae);
  body.append(32, '\0');
  body += associateItem(0x10, proposal.application_context);
  for (const auto& context : proposal.contexts) {
    std::string content{static_cast<char>(context.id), '\0', '\0', '\0'};
    content += associateItem(0x30, context.abstract_syntax);
    for (const auto& syntax : context.transfer_syntaxes) content += associateItem(0x40, syntax);
    body += associateItem(0x20, content);
  }
  std::string max_length;
  appendBigEndian32(max_length, proposal.max_pdu_length);
  body += associateItem(0x50, associateItem(0x51, max_length) +
                                  associateItem(0x52, proposal.implementation_class_uid));
  return encodePdu(pdu::kAssociateRq, body);
}

std::string encodePDataTf(std::uint8_t context_id, std::uint8_t control, std::string_view data) {
  std::string pdv;
  appendBigEndian32(pdv, static_cast<std::uint32_t>(data.size() + 2));
  pdv.push_back(static_cast<char>(context_id));
  pdv.push_back(static_cast<char>(control));
  pdv.append(data);
  return encodePdu(pdu::kPDataTf, pdv);
}

std::string encodeReleaseRq() {
  return encodePdu(pdu::kReleaseRq, std::string(4, '\0'));
}

std::string encodeAbort() {
  return encodePdu(pdu::kAbort, std::string(4, '\0'));  // source 0: service user
}

}  // namespace everynet::test
