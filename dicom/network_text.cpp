#include "dicom/network_text.h"

#include <algorithm>
#include <cstddef>

namespace everynet::dicom {
namespace {

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF) that starts text[at]; 0 when there is none.
std::size_t utf8SequenceLength(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const auto lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;  // the range of the second byte, narrowed per lead byte
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

void appendHex(std::string& out, unsigned char byte) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  out += "\\x";
  out += kDigits[byte >> 4];
  out += kDigits[byte & 0x0F];
}

// C1 controls (U+0080-U+009F) act as terminal escapes too, so they are escaped like C0 ones.
bool isC1Control(std::string_view text, std::size_t at) {
  return static_cast<unsigned char>(text[at]) == 0xC2 &&
         static_cast<unsigned char>(text[at + 1]) < 0xA0;
}

}  // namespace

std::string escapedForLog(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto c = static_cast<unsigned char>(text[at]);
    const auto length = utf8SequenceLength(text, at);
    if (c == '\\') {
      out += "\\\\";
    } else if (length == 1 && c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else if (length > 1 && !isC1Control(text, at)) {
      out.append(text.substr(at, length));
      at += length;
      continue;
    } else {
      appendHex(out, c);  // a control or a byte of an invalid sequence, one byte at a time
    }
    ++at;
  }
  return out;
}

std::string validUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto length = utf8SequenceLength(text, at);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++at;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  return out;
}

bool isValidAeTitle(std::string_view ae_title) {
  if (ae_title.empty() || ae_title.size() > 16) return false;
  const bool allowed = std::all_of(ae_title.begin(), ae_title.end(),
                                   [](char c) { return c >= 0x20 && c < 0x7F && c != '\\'; });
  return allowed && ae_title.find_first_not_of(' ') != std::string_view::npos;
}

}  // namespace everynet::dicom
