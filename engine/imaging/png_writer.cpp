#include "engine/imaging/png_writer.h"

#include <itkImage.h>
#include <itkImageFileWriter.h>
#include <itkPNGImageIO.h>
#include <itkRGBPixel.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace everynet::engine {

void writePng(const RgbImage& image, const std::filesystem::path& file) {
  const auto pixel_count = static_cast<std::size_t>(image.width) * image.height;
  if (image.width < 1 || image.height < 1 || image.rgb.size() != 3 * pixel_count) {
    throw std::runtime_error("cannot write " + file.string() + ": an RGB image of " +
                             std::to_string(image.width) + "x" + std::to_string(image.height) +
                             " pixels needs " + std::to_string(3 * pixel_count) + " bytes, not " +
                             std::to_string(image.rgb.size()));
  }
  using RgbImage2 = itk::Image<itk::RGBPixel<std::uint8_t>, 2>;
  auto picture = RgbImage2::New();
  RgbImage2::SizeType size;
  size[0] = static_cast<itk::SizeValueType>(image.width);
  size[1] = static_cast<itk::SizeValueType>(image.height);
  picture->SetRegions(RgbImage2::RegionType(size));
  picture->Allocate();
  // RGBPixel<uint8_t> is three bytes with no padding, so the rows copy straight across.
  static_assert(sizeof(itk::RGBPixel<std::uint8_t>) == 3);
  std::copy(image.rgb.begin(), image.rgb.end(),
            reinterpret_cast<std::uint8_t*>(picture->GetBufferPointer()));

  auto writer = itk::ImageFileWriter<RgbImage2>::New();
  writer->SetImageIO(itk::PNGImageIO::New());
  writer->SetInput(picture);
  writer->SetFileName(file.string());
  try {
    writer->Update();
  } catch (const itk::ExceptionObject& error) {
    throw std::runtime_error("cannot write PNG file " + file.string() + ": " +
                             error.GetDescription());
  }
}

}  // namespace everynet::engine
