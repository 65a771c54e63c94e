#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace everynet::dicom::internal {

// An 8-bit RGB image, colour-by-pixel (R, G, B, R, ...), rows top to bottom.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;

  void set(int x, int y, const unsigned char colour[3]);
  // Darkens a rectangle (clipped to the image) so that text over it stays legible.
  void darken(int x, int y, int width, int height);
  // Draws text with its top-left corner at (x, y), each font pixel a scale x scale square, with a
  // black shadow one font pixel to the lower right; clipped to the image.
  void drawText(int x, int y, std::string_view text, int scale, const unsigned char colour[3]);
};

// The intensities that map to black and white: the 1st and 99th percentile.
struct GreyWindow {
  float low = 0;
  float high = 1;
};
GreyWindow percentileWindow(const std::vector<float>& intensities);

// One slice (columns x rows, a column index fastest) rendered enlarged by factor: grey image with
// growth (+1) and reduction (-1) blended in; change may be null (fixed overlay strength).
RgbImage renderChangeOverlay(const float* image, const float* ternary, const float* change,
                             int columns, int rows, int factor, const GreyWindow& window);

// Burns in the legend and the "not for diagnostic use" line.
void burnInAnnotations(RgbImage& image);

}  // namespace everynet::dicom::internal
