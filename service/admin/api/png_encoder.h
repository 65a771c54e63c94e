#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace everynet::service::admin {

// An 8-bit RGB picture, row by row from the top, three bytes a pixel.
struct RgbPicture {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;
};

// The picture as a PNG file's bytes (8-bit truecolour, no filtering, zlib-compressed). Throws
// std::runtime_error when the picture's size and bytes disagree.
std::string encodePng(const RgbPicture& picture);

}  // namespace everynet::service::admin
