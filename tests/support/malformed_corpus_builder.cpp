#include "tests/support/malformed_corpus_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <stdexcept>

namespace everynet::test::corpus_generation {

EncodedDataset encode(Encoding encoding, const Elements& elements) {
  EncodedDataset out;
  for (const auto& e : elements) {
    out.starts.push_back(out.bytes.size());
    const auto length = e.declared_length.value_or(static_cast<std::uint32_t>(e.value.size()));
    out.bytes += elementHeader(encoding, e.tag, e.vr, length) + e.value;
  }
  out.starts.push_back(out.bytes.size());
  return out;
}

std::string bytesOf(Encoding encoding, const Elements& elements) {
  return encode(encoding, elements).bytes;
}

Elements mrInstance(Encoding e, const std::string& sop_instance, const std::string& sop_class) {
  return {{tags::kImageType, "CS", textValue("ORIGINAL\\PRIMARY"), {}},
          {tags::kSopClassUid, "UI", uidValue(sop_class), {}},
          {tags::kSopInstanceUid, "UI", uidValue(sop_instance), {}},
          {tags::kModality, "CS", textValue("MR"), {}},
          {tags::kPatientName, "PN", textValue("HOSTILE^CORPUS"), {}},
          {tags::kPatientId, "LO", textValue("HOSTILE26"), {}},
          {tags::kStudyInstanceUid, "UI", uidValue(kStudyUid), {}},
          {tags::kSeriesInstanceUid, "UI", uidValue(kSeriesUid), {}},
          {tags::kInstanceNumber, "IS", textValue("1"), {}},
          {tags::kSamplesPerPixel, "US", uint16Value(e, 1), {}},
          {tags::kPhotometricInterpretation, "CS", textValue("MONOCHROME2"), {}},
          {tags::kRows, "US", uint16Value(e, 8), {}},
          {tags::kColumns, "US", uint16Value(e, 8), {}},
          {tags::kBitsAllocated, "US", uint16Value(e, 16), {}},
          {tags::kBitsStored, "US", uint16Value(e, 16), {}},
          {tags::kHighBit, "US", uint16Value(e, 15), {}},
          {tags::kPixelRepresentation, "US", uint16Value(e, 0), {}},
          {tags::kPixelData, "OW", std::string(128, '\x11'), {}}};
}

std::size_t indexOf(const Elements& elements, Tag tag) {
  const auto found = std::find_if(elements.begin(), elements.end(), [&](const Element& e) {
    return e.tag.group == tag.group && e.tag.element == tag.element;
  });
  if (found == elements.end()) throw std::logic_error("the corpus instance has no " + tagName(tag));
  return static_cast<std::size_t>(found - elements.begin());
}

Elements without(Elements elements, Tag tag) {
  elements.erase(elements.begin() + static_cast<std::ptrdiff_t>(indexOf(elements, tag)));
  return elements;
}

Elements with(Elements elements, Element replacement) {
  elements[indexOf(elements, replacement.tag)] = std::move(replacement);
  return elements;
}

std::string insertedBefore(Encoding encoding, const Elements& elements, Tag before,
                           const std::string& inserted) {
  const auto split = static_cast<std::ptrdiff_t>(indexOf(elements, before));
  return bytesOf(encoding, Elements(elements.begin(), elements.begin() + split)) + inserted +
         bytesOf(encoding, Elements(elements.begin() + split, elements.end()));
}

std::string tagName(Tag tag) {
  return fmt::format("({:04X},{:04X})", tag.group, tag.element);
}

const char* encodingName(Encoding encoding) {
  switch (encoding) {
    case kImplicit:
      return "implicit-le";
    case kExplicit:
      return "explicit-le";
    case kBig:
      return "explicit-be";
  }
  return "?";
}

std::uint8_t contextFor(Encoding encoding) {
  switch (encoding) {
    case kImplicit:
      return corpus_context::kImplicitLittle;
    case kExplicit:
      return corpus_context::kExplicitLittle;
    case kBig:
      return corpus_context::kExplicitBig;
  }
  return 0;
}

bool hasFourByteLength(Encoding encoding, const std::string& vr) {
  return encoding == kImplicit || elementHeaderSize(encoding, vr) == 12;
}

void setBigEndian16(std::string& bytes, std::size_t at, std::uint16_t value) {
  bytes[at] = static_cast<char>(value >> 8);
  bytes[at + 1] = static_cast<char>(value & 0xFF);
}

void setBigEndian32(std::string& bytes, std::size_t at, std::uint32_t value) {
  setBigEndian16(bytes, at, static_cast<std::uint16_t>(value >> 16));
  setBigEndian16(bytes, at + 2, static_cast<std::uint16_t>(value & 0xFFFF));
}

std::string pdvItem(std::uint8_t context_id, std::uint8_t control, std::string_view data) {
  // A one-PDV P-DATA-TF less its 6-byte PDU header is that PDV item.
  return encodePDataTf(context_id, control, data).substr(6);
}

std::string randomBytes(std::size_t count, std::uint32_t seed) {
  std::mt19937 generator(seed);  // its sequence is specified by the standard
  std::string out(count, '\0');
  for (auto& byte : out) byte = static_cast<char>(generator() & 0xFF);
  return out;
}

}  // namespace everynet::test::corpus_generation
