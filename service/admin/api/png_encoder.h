#pragma once

#include <string>

#include "dicom/rgb_image_reader.h"

namespace everynet::service::admin {

// The picture as a PNG file's bytes (8-bit truecolour, no filtering, zlib-compressed). Throws
// std::runtime_error when the picture's size and bytes disagree.
std::string encodePng(const dicom::RgbImage& picture);

}  // namespace everynet::service::admin
