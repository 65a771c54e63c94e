#include "engine/phantom/truth_files.h"

#include <itkCastImageFilter.h>
#include <itkImageFileWriter.h>
#include <itkNiftiImageIO.h>

#include <stdexcept>

#include "engine/imaging/internal/itk_image.h"

namespace everynet::engine {

void writeMaskNifti(const geometry::PatientVolume& mask, const std::filesystem::path& file) {
  using MaskImage = itk::Image<unsigned char, 3>;
  auto cast = itk::CastImageFilter<internal::ItkImage, MaskImage>::New();
  cast->SetInput(internal::toItk(mask));
  auto writer = itk::ImageFileWriter<MaskImage>::New();
  writer->SetImageIO(itk::NiftiImageIO::New());
  writer->SetInput(cast->GetOutput());
  writer->SetFileName(file.string());
  try {
    writer->Update();
  } catch (const itk::ExceptionObject& error) {
    throw std::runtime_error("cannot write " + file.string() + ": " + error.GetDescription());
  }
}

}  // namespace everynet::engine
