#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace everynet::dicom::internal {

// How a dataset's elements are encoded on the wire.
enum class ElementEncoding { explicit_little, implicit_little, explicit_big };

struct WalkLimits {
  int max_nesting_depth = 32;
  std::uint64_t max_elements = 1'000'000;  // DCMTK spends ~100 bytes of memory per element
};

// Whether an element whose VR is not on the wire (Implicit VR) is a sequence: a dictionary
// lookup, passed in so that the walk itself needs no toolkit.
using IsSequenceTag = std::function<bool(std::uint16_t group, std::uint16_t element)>;

// Walks a dataset's elements with an explicit stack, never recursing, and checks its structure:
// every element and item within what encloses it, sequences and items closed by their
// delimiters, even lengths, known VRs, encapsulated fragments only in undefined-length Pixel
// Data, nesting and element count within the limits. Empty: well-formed. Otherwise the reason.
std::optional<std::string> walkElements(std::string_view bytes, ElementEncoding encoding,
                                        const WalkLimits& limits, const IsSequenceTag& is_sequence);

}  // namespace everynet::dicom::internal
