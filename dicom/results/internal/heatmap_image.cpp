#include "dicom/results/internal/heatmap_image.h"

#include <algorithm>
#include <cmath>

#include "dicom/results/heatmap_writer.h"
#include "dicom/results/internal/bitmap_font.h"

namespace everynet::dicom::internal {
namespace {

constexpr unsigned char kWhite[3] = {255, 255, 255};
constexpr unsigned char kBlack[3] = {0, 0, 0};

// Overlay opacity: fixed without a change map; else growing with |map| up to 0.5.
float overlayOpacity(const float* change, std::size_t index) {
  if (change == nullptr) return 0.6f;
  return 0.35f + 0.5f * std::min(1.0f, std::abs(change[index]) / 0.5f);
}

std::uint8_t blend(std::uint8_t grey, unsigned char colour, float opacity) {
  return static_cast<std::uint8_t>(std::lround((1.0f - opacity) * grey + opacity * colour));
}

}  // namespace

void RgbImage::set(int x, int y, const unsigned char colour[3]) {
  if (x < 0 || y < 0 || x >= width || y >= height) return;
  std::uint8_t* pixel = &rgb[3 * (static_cast<std::size_t>(y) * width + x)];
  pixel[0] = colour[0];
  pixel[1] = colour[1];
  pixel[2] = colour[2];
}

void RgbImage::darken(int x0, int y0, int w, int h) {
  for (int y = std::max(0, y0); y < std::min(height, y0 + h); ++y) {
    for (int x = std::max(0, x0); x < std::min(width, x0 + w); ++x) {
      std::uint8_t* pixel = &rgb[3 * (static_cast<std::size_t>(y) * width + x)];
      for (int channel = 0; channel < 3; ++channel) pixel[channel] /= 4;
    }
  }
}

void RgbImage::drawText(int x, int y, std::string_view text, int scale,
                        const unsigned char colour[3]) {
  for (const auto& [offset, ink] : {std::pair{scale, kBlack}, std::pair{0, colour}}) {
    for (std::size_t position = 0; position < text.size(); ++position) {
      const auto& rows = glyph(text[position]);
      const int left = x + offset + static_cast<int>(position) * kGlyphAdvance * scale;
      for (int row = 0; row < kGlyphHeight; ++row) {
        for (int column = 0; column < kGlyphWidth; ++column) {
          if (((rows[row] >> (kGlyphWidth - 1 - column)) & 1) == 0) continue;
          for (int dy = 0; dy < scale; ++dy) {
            for (int dx = 0; dx < scale; ++dx) {
              set(left + column * scale + dx, y + offset + row * scale + dy, ink);
            }
          }
        }
      }
    }
  }
}

GreyWindow percentileWindow(const std::vector<float>& intensities) {
  if (intensities.empty()) return {};
  std::vector<float> sorted = intensities;
  const auto at = [&](double fraction) {
    const auto nth = sorted.begin() +
                     static_cast<std::ptrdiff_t>(fraction * static_cast<double>(sorted.size() - 1));
    std::nth_element(sorted.begin(), nth, sorted.end());
    return *nth;
  };
  GreyWindow window{at(0.01), at(0.99)};
  if (!(window.high > window.low)) window.high = window.low + 1.0f;  // a flat image: mid grey
  return window;
}

RgbImage renderChangeOverlay(const float* image, const float* ternary, const float* change,
                             int columns, int rows, int factor, const GreyWindow& window) {
  RgbImage out{columns * factor, rows * factor, {}};
  out.rgb.resize(static_cast<std::size_t>(out.width) * out.height * 3);
  const float range = window.high - window.low;
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      const std::size_t index = static_cast<std::size_t>(y / factor) * columns + x / factor;
      const float scaled = std::clamp((image[index] - window.low) / range, 0.0f, 1.0f);
      const auto grey = static_cast<std::uint8_t>(std::lround(255.0f * scaled));
      unsigned char colour[3] = {grey, grey, grey};
      const unsigned char* overlay = ternary[index] > 0.5f    ? kGrowthColour
                                     : ternary[index] < -0.5f ? kReductionColour
                                                              : nullptr;
      if (overlay != nullptr) {
        const float opacity = overlayOpacity(change, index);
        for (int channel = 0; channel < 3; ++channel) {
          colour[channel] = blend(grey, overlay[channel], opacity);
        }
      }
      out.set(x, y, colour);
    }
  }
  return out;
}

void burnInAnnotations(RgbImage& image) {
  const int scale = std::max(1, image.width / 256);  // 5x7 glyphs at 256 pixels, larger above
  const int margin = 3 * scale;
  const int line = 10 * scale;
  const std::pair<const char*, const unsigned char*> entries[] = {{"GROWTH", kGrowthColour},
                                                                  {"REDUCTION", kReductionColour}};
  image.darken(0, 0, 2 * margin + 10 * scale + textWidth("REDUCTION", scale) + scale,
               margin + 2 * line + scale);
  for (int entry = 0; entry < 2; ++entry) {
    const int top = margin + entry * line;
    for (int y = top; y < top + 7 * scale; ++y) {
      for (int x = margin; x < margin + 7 * scale; ++x) image.set(x, y, entries[entry].second);
    }
    image.drawText(margin + 10 * scale, top, entries[entry].first, scale, kWhite);
  }
  const char* notice = "NOT FOR DIAGNOSTIC USE";
  const int top = image.height - margin - 7 * scale;
  image.darken(0, top - margin, 2 * margin + textWidth(notice, scale) + scale,
               image.height - top + margin);
  image.drawText(margin, top, notice, scale, kWhite);
}

}  // namespace everynet::dicom::internal
