#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace everynet::engine {

// An 8-bit RGB picture, row by row from the top, three bytes a pixel.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;
};

// Writes a PNG; throws std::runtime_error with the file name when it cannot.
void writePng(const RgbImage& image, const std::filesystem::path& file);

}  // namespace everynet::engine
