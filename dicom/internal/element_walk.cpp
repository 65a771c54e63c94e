#include "dicom/internal/element_walk.h"

#include <fmt/format.h>

#include <array>
#include <vector>

namespace everynet::dicom::internal {
namespace {

constexpr std::uint32_t kUndefinedLength = 0xFFFFFFFF;
constexpr std::uint16_t kItemGroup = 0xFFFE;
constexpr std::uint16_t kItem = 0xE000;
constexpr std::uint16_t kItemDelimiter = 0xE00D;
constexpr std::uint16_t kSequenceDelimiter = 0xE0DD;

// PS3.5 6.2: the VRs, and those whose length takes four bytes after two reserved ones (7.1.2).
constexpr std::array<std::string_view, 34> kKnownVrs = {
    "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT",
    "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST",
    "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV"};
constexpr std::array<std::string_view, 13> kLongLengthVrs = {
    "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view vr) {
  for (const auto& entry : list) {
    if (entry == vr) return true;
  }
  return false;
}

// What encloses the position being read. `limit` is where it must end: its own end when its
// length is defined, else the nearest enclosing defined end (or the end of the bytes).
struct Container {
  enum class Kind { dataset, sequence, item, fragments } kind;
  bool defined_length;
  std::uint64_t limit;
  ElementEncoding encoding;  // of the elements inside
};

class Walk {
 public:
  Walk(std::string_view bytes, ElementEncoding encoding, const WalkLimits& limits,
       const IsSequenceTag& is_sequence)
      : bytes_(bytes), limits_(limits), is_sequence_(is_sequence) {
    stack_.push_back({Container::Kind::dataset, true, bytes.size(), encoding});
  }

  std::optional<std::string> run() {
    while (true) {
      const Container& top = stack_.back();
      if (pos_ == top.limit) {
        if (top.kind == Container::Kind::dataset) return std::nullopt;
        if (!top.defined_length) return "a sequence or item is not closed before its end";
        pop();
        continue;
      }
      auto step = top.kind == Container::Kind::dataset || top.kind == Container::Kind::item
                      ? readElement()
                      : readItemOf(top);
      if (step) return step;
    }
  }

 private:
  bool bigEndian() const { return stack_.back().encoding == ElementEncoding::explicit_big; }

  std::uint16_t u16(std::uint64_t at) const {
    const auto b0 = static_cast<unsigned char>(bytes_[at]);
    const auto b1 = static_cast<unsigned char>(bytes_[at + 1]);
    return static_cast<std::uint16_t>(bigEndian() ? (b0 << 8) | b1 : (b1 << 8) | b0);
  }

  std::uint32_t u32(std::uint64_t at) const {
    const std::uint32_t first = u16(at);
    const std::uint32_t second = u16(at + 2);
    return bigEndian() ? (first << 16) | second : (second << 16) | first;
  }

  bool available(std::uint64_t count) const { return pos_ + count <= stack_.back().limit; }

  void pop() {
    if (stack_.back().kind == Container::Kind::sequence) --depth_;
    stack_.pop_back();
  }

  std::optional<std::string> push(Container::Kind kind, std::uint32_t length,
                                  std::uint64_t value_start, ElementEncoding encoding) {
    const bool defined = length != kUndefinedLength;
    const std::uint64_t limit = defined ? value_start + length : stack_.back().limit;
    if (kind == Container::Kind::sequence && ++depth_ > limits_.max_nesting_depth) {
      return fmt::format("sequences nest deeper than max_nesting_depth ({})",
                         limits_.max_nesting_depth);
    }
    stack_.push_back({kind, defined, limit, encoding});
    return std::nullopt;
  }

  // Inside a sequence or encapsulated Pixel Data: an item, or the delimiter that ends it.
  std::optional<std::string> readItemOf(const Container& top) {
    if (!available(8)) return "an item header runs past the end of its sequence";
    const std::uint16_t group = u16(pos_);
    const std::uint16_t element = u16(pos_ + 2);
    const std::uint32_t length = u32(pos_ + 4);
    if (group != kItemGroup) {
      return fmt::format("element ({:04X},{:04X}) directly inside a sequence, outside an item",
                         group, element);
    }
    pos_ += 8;
    if (element == kSequenceDelimiter) {
      if (top.defined_length) return "a sequence delimiter ends a sequence of defined length";
      if (length != 0) return "a sequence delimiter has a non-zero length";
      pop();
      return std::nullopt;
    }
    if (element != kItem) return fmt::format("unexpected item tag (FFFE,{:04X})", element);
    if (length != kUndefinedLength && pos_ + length > top.limit) {
      return "an item's length runs past the end of its sequence";
    }
    if (top.kind == Container::Kind::fragments) {
      if (length == kUndefinedLength) return "a pixel data fragment has an undefined length";
      if (length % 2 != 0) return fmt::format("a pixel data fragment has odd length {}", length);
      pos_ += length;
      return std::nullopt;
    }
    return push(Container::Kind::item, length, pos_, top.encoding);
  }

  std::optional<std::string> readItemDelimiter(std::uint32_t length) {
    const Container& top = stack_.back();
    if (top.kind != Container::Kind::item || top.defined_length) {
      return "an item delimiter outside an item of undefined length";
    }
    if (length != 0) return "an item delimiter has a non-zero length";
    pop();
    return std::nullopt;
  }

  // Inside the dataset or an item: one data element, or the delimiter of the item.
  std::optional<std::string> readElement() {
    const ElementEncoding encoding = stack_.back().encoding;
    if (!available(8)) return "an element header runs past the end of the dataset or its item";
    const std::uint16_t group = u16(pos_);
    const std::uint16_t element = u16(pos_ + 2);
    if (group == kItemGroup) {
      const std::uint32_t length = u32(pos_ + 4);
      pos_ += 8;
      if (element == kItemDelimiter) return readItemDelimiter(length);
      return fmt::format("item tag (FFFE,{:04X}) outside a sequence", element);
    }
    if (++elements_ > limits_.max_elements) {
      return fmt::format("more than {} elements", limits_.max_elements);
    }
    std::string_view vr;
    std::uint32_t length = 0;
    std::uint64_t header = 8;
    if (encoding == ElementEncoding::implicit_little) {
      length = u32(pos_ + 4);
    } else {
      vr = bytes_.substr(pos_ + 4, 2);
      if (!contains(kKnownVrs, vr)) {
        return fmt::format("element ({:04X},{:04X}) has an unknown VR", group, element);
      }
      if (contains(kLongLengthVrs, vr)) {
        if (!available(12)) return "an element header runs past the end";
        length = u32(pos_ + 8);
        header = 12;
      } else {
        length = u16(pos_ + 6);
      }
    }
    return readValue(group, element, vr, length, header);
  }

  std::optional<std::string> readValue(std::uint16_t group, std::uint16_t element,
                                       std::string_view vr, std::uint32_t length,
                                       std::uint64_t header) {
    const ElementEncoding encoding = stack_.back().encoding;
    const bool is_implicit = encoding == ElementEncoding::implicit_little;
    const bool sequence = is_implicit ? is_sequence_(group, element) : vr == "SQ";
    const std::uint64_t value_start = pos_ + header;
    pos_ = value_start;
    if (length == kUndefinedLength) {
      if (!is_implicit && group == 0x7FE0 && element == 0x0010 && (vr == "OB" || vr == "OW")) {
        return push(Container::Kind::fragments, length, value_start, encoding);
      }
      // An Implicit VR element of undefined length is a sequence whatever the dictionary says,
      // and so is UN of undefined length, encoded in Implicit VR Little Endian (PS3.5 6.2.2).
      if (sequence || is_implicit || vr == "UN") {
        return push(Container::Kind::sequence, length, value_start,
                    vr == "UN" ? ElementEncoding::implicit_little : encoding);
      }
      return fmt::format("element ({:04X},{:04X}) has an undefined length", group, element);
    }
    if (length % 2 != 0) {
      return fmt::format("element ({:04X},{:04X}) has odd length {}", group, element, length);
    }
    if (value_start + length > stack_.back().limit) {
      return fmt::format("element ({:04X},{:04X}) declares {} bytes, past the end of {}", group,
                         element, length,
                         stack_.size() == 1 ? "the dataset" : "the item that holds it");
    }
    if (sequence) return push(Container::Kind::sequence, length, value_start, encoding);
    pos_ += length;
    return std::nullopt;
  }

  std::string_view bytes_;
  const WalkLimits& limits_;
  const IsSequenceTag& is_sequence_;
  std::vector<Container> stack_;
  std::uint64_t pos_ = 0;
  int depth_ = 0;
  std::uint64_t elements_ = 0;
};

}  // namespace

std::optional<std::string> walkElements(std::string_view bytes, ElementEncoding encoding,
                                        const WalkLimits& limits,
                                        const IsSequenceTag& is_sequence) {
  return Walk(bytes, encoding, limits, is_sequence).run();
}

}  // namespace everynet::dicom::internal
