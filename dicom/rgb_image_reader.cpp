#include "dicom/rgb_image_reader.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <stdexcept>
#include <string>

#include "dicom/internal/codecs.h"

namespace everynet::dicom {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
  throw std::runtime_error("cannot show " + file.filename().string() + " as a picture: " + what);
}

}  // namespace

RgbImage readRgbImage(const std::filesystem::path& file) {
  internal::registerCodecs();
  DcmFileFormat format;
  if (const OFCondition loaded = format.loadFile(file.c_str()); loaded.bad()) {
    fail(file, loaded.text());
  }
  DcmDataset& dataset = *format.getDataset();
  if (dataset.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad()) {
    fail(file, "its transfer syntax cannot be decoded here");
  }
  Uint16 rows = 0, columns = 0, samples = 0, bits = 0, planar = 0;
  OFString photometric;
  dataset.findAndGetUint16(DCM_Rows, rows);
  dataset.findAndGetUint16(DCM_Columns, columns);
  dataset.findAndGetUint16(DCM_SamplesPerPixel, samples);
  dataset.findAndGetUint16(DCM_BitsAllocated, bits);
  dataset.findAndGetUint16(DCM_PlanarConfiguration, planar);
  dataset.findAndGetOFString(DCM_PhotometricInterpretation, photometric);
  if (samples != 3 || bits != 8 || photometric != "RGB") {
    fail(file, "it is not an 8-bit RGB image");
  }
  const std::size_t pixels = static_cast<std::size_t>(rows) * columns;
  const Uint8* data = nullptr;
  unsigned long length = 0;
  if (pixels == 0 || dataset.findAndGetUint8Array(DCM_PixelData, data, &length).bad() ||
      data == nullptr || length < 3 * pixels) {
    fail(file, "its pixel data is missing or short");
  }
  RgbImage picture{columns, rows, std::vector<std::uint8_t>(3 * pixels)};
  for (std::size_t p = 0; p < pixels; ++p) {
    for (std::size_t c = 0; c < 3; ++c) {
      // Planar configuration 1: all red values, then all green, then all blue (of one frame).
      picture.rgb[3 * p + c] = planar == 1 ? data[c * pixels + p] : data[3 * p + c];
    }
  }
  return picture;
}

}  // namespace everynet::dicom
