#include "dicom/query/matching.h"

#include <algorithm>
#include <vector>

namespace everynet::dicom {
namespace {

// Code points of a UTF-8 string; a byte that starts no valid sequence stands for itself, so that
// a value in an undeclared 8-bit character set still compares byte by byte.
std::u32string decodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    int length = byte < 0x80           ? 1
                 : (byte >> 5) == 0x6  ? 2
                 : (byte >> 4) == 0xE  ? 3
                 : (byte >> 3) == 0x1E ? 4
                                       : 0;
    char32_t code = length == 1   ? byte
                    : length == 2 ? byte & 0x1F
                    : length == 3 ? byte & 0x0F
                                  : byte & 0x07;
    bool valid = length > 0 && i + length <= text.size();
    for (int k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xC0) == 0x80;
      code = (code << 6) | (next & 0x3F);
    }
    if (!valid) {
      out.push_back(byte);
      ++i;
    } else {
      out.push_back(code);
      i += static_cast<std::size_t>(length);
    }
  }
  return out;
}

char32_t foldCodePoint(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 0x20;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;                  // Latin-1
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 &&  // Latin Extended-A
      c != 0x149 && c != 0x17F) {
    // Pairs start at even code points up to U+0137 and at odd ones from U+0139 to U+0148 and
    // U+0179 to U+017E; from U+014A to U+0177 they start at even ones again.
    const bool odd_pairs = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_pairs) return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x178) return 0xFF;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;  // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;                // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  return c;
}

bool wildcardMatchesCodePoints(const std::u32string& pattern, const std::u32string& value) {
  // Greedy with one backtrack point: the last '*' seen and where in the value it resumes.
  std::size_t p = 0, v = 0;
  std::size_t star = std::u32string::npos, resume = 0;
  while (v < value.size()) {
    if (p < pattern.size() && (pattern[p] == U'?' || pattern[p] == value[v])) {
      ++p;
      ++v;
    } else if (p < pattern.size() && pattern[p] == U'*') {
      star = p++;
      resume = v;
    } else if (star != std::u32string::npos) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == U'*') ++p;
  return p == pattern.size();
}

std::vector<std::string_view> splitValues(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find('\\', start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool isRangeVr(std::string_view vr) {
  return vr == "DA" || vr == "TM" || vr == "DT";
}

bool allowsWildcards(std::string_view vr) {
  static constexpr std::string_view kNot[] = {"DA", "TM", "DT", "UI", "IS", "DS", "SL", "SS", "US",
                                              "UL", "FL", "FD", "AS", "AT", "OB", "OW", "UN"};
  return std::find(std::begin(kNot), std::end(kNot), vr) == std::end(kNot);
}

bool hasWildcard(std::string_view value) {
  return value.find_first_of("*?") != std::string_view::npos;
}

// A DA, TM or DT value without the separators of older encodings ("2024.01.15", "08:15").
std::string withoutSeparators(std::string_view vr, std::string_view value) {
  std::string out;
  for (char c : value) {
    if ((vr == "DA" && c == '.') || (vr == "TM" && c == ':') || c == ' ') continue;
    out.push_back(c);
  }
  return out;
}

// Fills the parts a value leaves out from a template, so values of different precision compare
// as strings: the low end and stored values from the earliest instant, the high end from the
// latest.
std::string completed(std::string value, std::string_view vr, bool high) {
  const std::string_view tmpl = vr == "TM" ? (high ? "235959.999999" : "000000.000000")
                                : vr == "DT"
                                    ? (high ? "99991231235959.999999" : "00000101000000.000000")
                                    : (high ? "99991231" : "00000101");
  if (value.size() < tmpl.size()) value += tmpl.substr(value.size());
  return value;
}

bool singleValueMatches(const QueryKey& key, std::string_view item, std::string_view stored) {
  const bool person_name = key.vr == "PN";
  const bool wildcard = hasWildcard(item) && allowsWildcards(key.vr);
  auto compare = [&](std::string_view candidate) {
    if (wildcard) return wildcardMatches(item, candidate, person_name);
    if (person_name) return foldCase(item) == foldCase(candidate);
    return item == candidate;
  };
  if (compare(stored)) return true;
  // A person name's alphabetic group alone, when the key names no other group.
  if (person_name && item.find('=') == std::string_view::npos) {
    const auto equals = stored.find('=');
    if (equals != std::string_view::npos) return compare(stored.substr(0, equals));
  }
  return false;
}

}  // namespace

std::u32string foldCase(std::string_view utf8) {
  std::u32string folded = decodeUtf8(utf8);
  for (auto& c : folded) c = foldCodePoint(c);
  return folded;
}

bool wildcardMatches(std::string_view pattern, std::string_view value, bool ignore_case) {
  return ignore_case ? wildcardMatchesCodePoints(foldCase(pattern), foldCase(value))
                     : wildcardMatchesCodePoints(decodeUtf8(pattern), decodeUtf8(value));
}

MatchKind matchKindOf(std::string_view vr, std::string_view value) {
  if (value.empty() || value == "*") return MatchKind::universal;
  if (value.find('\\') != std::string_view::npos) return MatchKind::list;
  if (isRangeVr(vr) && value.find('-') != std::string_view::npos) return MatchKind::range;
  if (allowsWildcards(vr) && hasWildcard(value)) return MatchKind::wildcard;
  return MatchKind::single_value;
}

bool rangeMatches(std::string_view vr, std::string_view range, std::string_view stored) {
  const std::string value = withoutSeparators(vr, stored);
  if (value.empty()) return false;
  const auto dash = range.find('-');
  if (dash == std::string_view::npos) return false;
  const std::string low = withoutSeparators(vr, range.substr(0, dash));
  const std::string high = withoutSeparators(vr, range.substr(dash + 1));
  const std::string at = completed(value, vr, false);
  if (!low.empty() && at < completed(low, vr, false)) return false;
  if (!high.empty() && at > completed(high, vr, true)) return false;
  return true;
}

bool matches(const QueryKey& key, std::string_view stored) {
  if (key.kind == MatchKind::universal) return true;
  if (key.kind == MatchKind::range) return rangeMatches(key.vr, key.value, stored);
  const auto items = key.kind == MatchKind::list ? splitValues(key.value)
                                                 : std::vector<std::string_view>{key.value};
  for (const auto stored_value : splitValues(stored)) {
    for (const auto item : items) {
      const bool item_is_range = isRangeVr(key.vr) && item.find('-') != std::string_view::npos;
      if (item_is_range ? rangeMatches(key.vr, item, stored_value)
                        : singleValueMatches(key, item, stored_value)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace everynet::dicom
