#include "engine/imaging/nifti_io.h"

#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkNiftiImageIO.h>

#include <stdexcept>
#include <string>

#include "engine/imaging/internal/itk_image.h"

namespace everynet::engine {
namespace {

bool hasNiftiName(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  const auto endsWith = [&](const std::string& suffix) {
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return endsWith(".nii") || endsWith(".nii.gz");
}

}  // namespace

geometry::PatientVolume readNifti(const std::filesystem::path& file) {
  // The IO is named explicitly: ITK's IO factories are not registered in this library.
  auto reader = itk::ImageFileReader<internal::ItkImage>::New();
  reader->SetImageIO(itk::NiftiImageIO::New());
  reader->SetFileName(file.string());
  try {
    reader->Update();
  } catch (const itk::ExceptionObject& error) {
    throw std::runtime_error("cannot read NIfTI file " + file.string() + ": " +
                             error.GetDescription());
  }
  return internal::fromItk(*reader->GetOutput());
}

void writeNifti(const geometry::PatientVolume& volume, const std::filesystem::path& file) {
  if (!hasNiftiName(file)) {
    throw std::runtime_error("cannot write " + file.string() +
                             ": a NIfTI file name ends in .nii or .nii.gz");
  }
  // The NIfTI library reports a file it cannot open on stderr without failing, so look first.
  const auto directory = file.has_parent_path() ? file.parent_path() : ".";
  if (!std::filesystem::is_directory(directory)) {
    throw std::runtime_error("cannot write NIfTI file " + file.string() + ": no directory " +
                             directory.string());
  }
  auto writer = itk::ImageFileWriter<internal::ItkImage>::New();
  writer->SetImageIO(itk::NiftiImageIO::New());
  writer->SetInput(internal::toItk(volume));
  writer->SetFileName(file.string());
  try {
    writer->Update();
  } catch (const itk::ExceptionObject& error) {
    throw std::runtime_error("cannot write NIfTI file " + file.string() + ": " +
                             error.GetDescription());
  }
}

}  // namespace everynet::engine
