#include "service/admin/api/png_encoder.h"

#include <zlib.h>

#include <stdexcept>

namespace everynet::service::admin {
namespace {

void appendBigEndian32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

// A chunk: length, type, data, CRC-32 of type and data.
void appendChunk(std::string& out, const char (&type)[5], const std::string& data) {
  appendBigEndian32(out, static_cast<std::uint32_t>(data.size()));
  const std::string typed = std::string(type, 4) + data;
  out += typed;
  const auto crc = ::crc32(::crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(typed.data()),
                           static_cast<uInt>(typed.size()));
  appendBigEndian32(out, static_cast<std::uint32_t>(crc));
}

}  // namespace

std::string encodePng(const dicom::RgbImage& picture) {
  const auto row_bytes = static_cast<std::size_t>(picture.width) * 3;
  if (picture.width < 1 || picture.height < 1 ||
      picture.rgb.size() != row_bytes * static_cast<std::size_t>(picture.height)) {
    throw std::runtime_error("cannot encode a PNG of " + std::to_string(picture.width) + "x" +
                             std::to_string(picture.height) + " RGB pixels from " +
                             std::to_string(picture.rgb.size()) + " bytes");
  }
  // Each row starts with its filter type, 0 (none).
  std::string rows;
  rows.reserve((row_bytes + 1) * static_cast<std::size_t>(picture.height));
  for (int y = 0; y < picture.height; ++y) {
    rows.push_back('\0');
    const auto* row = picture.rgb.data() + row_bytes * static_cast<std::size_t>(y);
    rows.append(reinterpret_cast<const char*>(row), row_bytes);
  }
  uLongf compressed_size = ::compressBound(static_cast<uLong>(rows.size()));
  std::string compressed(compressed_size, '\0');
  if (::compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
                  reinterpret_cast<const Bytef*>(rows.data()), static_cast<uLong>(rows.size()),
                  Z_DEFAULT_COMPRESSION) != Z_OK) {
    throw std::runtime_error("cannot compress a PNG's pixels");
  }
  compressed.resize(compressed_size);

  std::string header;
  appendBigEndian32(header, static_cast<std::uint32_t>(picture.width));
  appendBigEndian32(header, static_cast<std::uint32_t>(picture.height));
  // Bit depth 8, colour type 2 (truecolour), deflate, adaptive filtering, no interlace.
  header += std::string{'\x08', '\x02', '\0', '\0', '\0'};

  std::string png = "\x89PNG\r\n\x1a\n";
  appendChunk(png, "IHDR", header);
  appendChunk(png, "IDAT", compressed);
  appendChunk(png, "IEND", "");
  return png;
}

}  // namespace everynet::service::admin
