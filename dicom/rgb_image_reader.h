#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace everynet::dicom {

// An 8-bit RGB picture, row by row from the top, three bytes a pixel.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;
};

// The picture of a single-frame RGB 8-bit image such as a heatmap Secondary Capture (as
// dicom/results/heatmap_writer.h writes it), in any transfer syntax DCMTK decodes. Throws
// std::runtime_error naming the file and what is wrong.
RgbImage readRgbImage(const std::filesystem::path& file);

}  // namespace everynet::dicom
