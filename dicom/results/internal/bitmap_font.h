#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace everynet::dicom::internal {

// A 5x7 pixel font with just the capitals that burned-in annotations need; a glyph advances 6
// pixels (one blank column).
constexpr int kGlyphWidth = 5;
constexpr int kGlyphHeight = 7;
constexpr int kGlyphAdvance = 6;

// The glyph's rows, top first; bit 4 is the leftmost pixel. Covers the space and the letters of
// "GROWTH", "REDUCTION" and "NOT FOR DIAGNOSTIC USE"; throws std::invalid_argument for others.
const std::array<std::uint8_t, kGlyphHeight>& glyph(char character);

// Width in pixels of text drawn with each font pixel as a scale x scale square.
int textWidth(std::string_view text, int scale);

}  // namespace everynet::dicom::internal
