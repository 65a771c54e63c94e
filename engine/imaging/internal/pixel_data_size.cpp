#include "engine/imaging/internal/pixel_data_size.h"

#include <gdcmAttribute.h>
#include <gdcmImageReader.h>
#include <gdcmJPEGLSCodec.h>

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/imaging/dicom_series_reader.h"

namespace everynet::engine::internal {
namespace {

constexpr const char* kProduct =
    "Rows × Columns × Bits Allocated × Samples per Pixel × Number of Frames";

// An attribute's value, or nothing when the element is absent, empty or negative.
template <std::uint16_t Group, std::uint16_t Element>
std::optional<std::uint64_t> number(const gdcm::DataSet& dataset) {
  const gdcm::Tag tag(Group, Element);
  if (!dataset.FindDataElement(tag) || dataset.GetDataElement(tag).IsEmpty()) return std::nullopt;
  gdcm::Attribute<Group, Element> attribute;
  attribute.SetFromDataSet(dataset);
  const auto value = attribute.GetValue();
  if constexpr (std::is_signed_v<decltype(value)>) {
    if (value < 0) return std::nullopt;
  }
  return static_cast<std::uint64_t>(value);
}

// What the header says the pixel data holds.
struct ImageShape {
  std::uint64_t rows = 0, columns = 0, bits_allocated = 0, samples = 0, frames = 1;
  std::uint64_t bytes = 0;  // the product, in whole bytes

  // The product spelled out, for a refusal.
  std::string product() const {
    return std::string(kProduct) + " (" + std::to_string(rows) + " × " + std::to_string(columns) +
           " × " + std::to_string(bits_allocated) + " bits × " + std::to_string(samples) + " × " +
           std::to_string(frames) + ") need " + std::to_string(bytes);
  }
};

// The most a Pixel Data element can hold (its length is 32 bits); a header that implies more is
// refused before anything is allocated for it.
constexpr std::uint64_t kMaximumBytes = 0xFFFFFFFE;

ImageShape shapeOf(const gdcm::DataSet& dataset, const std::string& instance) {
  const auto rows = number<0x0028, 0x0010>(dataset);
  const auto columns = number<0x0028, 0x0011>(dataset);
  const auto bits = number<0x0028, 0x0100>(dataset);
  const auto samples = number<0x0028, 0x0002>(dataset);
  if (!rows || !columns || !bits || !samples) {
    throw SeriesError(instance +
                      " lacks Rows, Columns, Bits Allocated or Samples per Pixel; its pixel data "
                      "cannot be checked");
  }
  ImageShape shape{*rows, *columns, *bits, *samples, number<0x0028, 0x0008>(dataset).value_or(1)};
  std::uint64_t total_bits = 1;
  bool overflow = false;
  for (const std::uint64_t factor :
       {shape.rows, shape.columns, shape.bits_allocated, shape.samples, shape.frames}) {
    overflow = overflow || __builtin_mul_overflow(total_bits, factor, &total_bits);
  }
  shape.bytes = total_bits / 8 + (total_bits % 8 != 0);
  if (overflow || shape.bytes > kMaximumBytes) {
    throw SeriesError(instance + " declares more pixel data than a Pixel Data element can hold");
  }
  return shape;
}

// GDCM aborts the process (a failed assertion) when a JPEG-LS frame decodes to fewer pixels than
// the header implies, so each frame's own header is compared with it before anything is decoded.
void checkJpegLsFrames(const gdcm::SequenceOfFragments& fragments, const ImageShape& shape,
                       const std::string& instance) {
  std::uint64_t frames = 0;
  for (unsigned i = 0; i < fragments.GetNumberOfFragments(); ++i) {
    const gdcm::ByteValue* bytes = fragments.GetFragment(i).GetByteValue();
    // A frame starts with SOI (FF D8), which JPEG-LS's coded data cannot contain.
    if (!bytes || bytes->GetLength() < 2 ||
        static_cast<unsigned char>(bytes->GetPointer()[0]) != 0xFF ||
        static_cast<unsigned char>(bytes->GetPointer()[1]) != 0xD8) {
      continue;
    }
    ++frames;
    std::istringstream stream(std::string(bytes->GetPointer(), bytes->GetLength()));
    gdcm::JPEGLSCodec codec;
    gdcm::TransferSyntax syntax;
    if (!codec.GetHeaderInfo(stream, syntax)) {
      throw SeriesError(instance + " holds a JPEG-LS frame whose header cannot be read");
    }
    const unsigned* size = codec.GetDimensions();
    if (size[0] != shape.columns || size[1] != shape.rows) {
      throw SeriesError(instance + " holds a JPEG-LS frame of " + std::to_string(size[0]) +
                        " columns × " + std::to_string(size[1]) + " rows; " + shape.product());
    }
  }
  if (frames != shape.frames) {
    throw SeriesError(instance + " holds " + std::to_string(frames) + " JPEG-LS frame(s); " +
                      shape.product());
  }
}

// Encapsulated: decoded into a buffer of the size the header implies; the codec fails when the
// fragments do not fill it.
void checkDecodedSize(const gdcm::Image& image, const ImageShape& shape,
                      const std::string& instance) {
  if (const auto* fragments = image.GetDataElement().GetSequenceOfFragments();
      fragments && gdcm::JPEGLSCodec().CanDecode(image.GetTransferSyntax())) {
    checkJpegLsFrames(*fragments, shape, instance);
  }
  std::vector<char> decoded(image.GetBufferLength());
  if (decoded.size() != shape.bytes) {
    throw SeriesError(instance + " holds encapsulated pixel data of " +
                      std::to_string(decoded.size()) + " bytes once decoded; " + shape.product());
  }
  if (!image.GetBuffer(decoded.data())) {
    throw SeriesError(instance + " holds encapsulated pixel data that cannot be decoded; " +
                      shape.product());
  }
}

}  // namespace

void checkPixelDataSize(const std::filesystem::path& file) {
  gdcm::ImageReader reader;
  reader.SetFileName(file.c_str());
  if (!reader.Read()) throw SeriesError("cannot read the image of " + file.filename().string());
  const gdcm::DataSet& dataset = reader.GetFile().GetDataSet();
  const auto instance_number = number<0x0020, 0x0013>(dataset);
  const std::string instance = instance_number ? "instance " + std::to_string(*instance_number)
                                               : "the instance in " + file.filename().string();
  const gdcm::Tag pixel_data(0x7fe0, 0x0010);
  if (!dataset.FindDataElement(pixel_data)) throw SeriesError(instance + " has no Pixel Data");
  const ImageShape shape = shapeOf(dataset, instance);
  if (reader.GetFile().GetHeader().GetDataSetTransferSyntax().IsEncapsulated()) {
    checkDecodedSize(reader.GetImage(), shape, instance);
    return;
  }
  // Native: a value of odd length is padded to an even one.
  const gdcm::ByteValue* stored = dataset.GetDataElement(pixel_data).GetByteValue();
  const std::uint64_t length = stored ? std::uint64_t{stored->GetLength()} : 0;
  const bool padded = shape.bytes % 2 == 1 && length == shape.bytes + 1;
  if (length != shape.bytes && !padded) {
    throw SeriesError(instance + " holds " + std::to_string(length) + " bytes of pixel data; " +
                      shape.product());
  }
}

}  // namespace everynet::engine::internal
