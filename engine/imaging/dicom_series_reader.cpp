#include "engine/imaging/dicom_series_reader.h"

#include <itkGDCMImageIO.h>
#include <itkImage.h>
#include <itkImageSeriesReader.h>
#include <itkMetaDataObject.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/geometry/slice_stack.h"
#include "engine/imaging/internal/itk_image.h"
#include "engine/imaging/internal/pixel_data_size.h"

namespace everynet::engine {
namespace {

constexpr int kMinimumSlices = 16;
constexpr double kOrientationTolerance = 1e-3;

using geometry::Vector3;

// What one file says about where its slice is, read from its header only.
struct SliceHeader {
  std::filesystem::path file;
  std::string modality;
  unsigned rows = 0, columns = 0;
  Vector3 position{}, row_direction{}, column_direction{};
};

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  return text;
}

SliceHeader readHeader(const std::filesystem::path& file) {
  auto io = itk::GDCMImageIO::New();
  io->SetFileName(file.string());
  try {
    io->ReadImageInformation();
  } catch (const itk::ExceptionObject& error) {
    throw SeriesError("cannot read " + file.filename().string() + ": " + error.GetDescription());
  }
  SliceHeader h;
  h.file = file;
  std::string modality;
  itk::ExposeMetaData<std::string>(io->GetMetaDataDictionary(), "0008|0060", modality);
  h.modality = trimmed(modality);
  h.columns = static_cast<unsigned>(io->GetDimensions(0));
  h.rows = static_cast<unsigned>(io->GetDimensions(1));
  for (unsigned i = 0; i < 3; ++i) {
    h.position[i] = io->GetOrigin(i);
    h.row_direction[i] = io->GetDirection(0)[i];
    h.column_direction[i] = io->GetDirection(1)[i];
  }
  return h;
}

bool sameDirection(const Vector3& a, const Vector3& b) {
  return std::abs(a[0] - b[0]) < kOrientationTolerance &&
         std::abs(a[1] - b[1]) < kOrientationTolerance &&
         std::abs(a[2] - b[2]) < kOrientationTolerance;
}

Vector3 sliceNormalOf(const SliceHeader& slice) {
  try {
    return geometry::sliceNormal(slice.row_direction, slice.column_direction);
  } catch (const std::runtime_error& error) {
    throw SeriesError(error.what());
  }
}

// Checks the slices describe one regular volume and returns them ordered along the normal.
std::vector<SliceHeader> orderedSlices(std::vector<SliceHeader> slices) {
  if (slices.size() < kMinimumSlices) {
    throw SeriesError("series has " + std::to_string(slices.size()) + " slices; at least " +
                      std::to_string(kMinimumSlices) + " are needed");
  }
  const SliceHeader& first = slices.front();
  for (const auto& s : slices) {
    if (s.modality != "MR") throw SeriesError("series is '" + s.modality + "', not MR");
    if (s.rows != first.rows || s.columns != first.columns) {
      throw SeriesError("slices of different sizes (" + std::to_string(first.columns) + "x" +
                        std::to_string(first.rows) + " and " + std::to_string(s.columns) + "x" +
                        std::to_string(s.rows) + ")");
    }
    if (!sameDirection(s.row_direction, first.row_direction) ||
        !sameDirection(s.column_direction, first.column_direction)) {
      throw SeriesError("slices of different orientations");
    }
  }
  const Vector3 normal = sliceNormalOf(first);
  const auto position_of = [](const SliceHeader& slice) { return slice.position; };
  geometry::sortAlongNormal(slices, normal, position_of);
  const std::vector<double> gaps = geometry::gapsAlongNormal(slices, normal, position_of);
  std::vector<double> sorted_gaps = gaps;
  std::nth_element(sorted_gaps.begin(), sorted_gaps.begin() + sorted_gaps.size() / 2,
                   sorted_gaps.end());
  const double usual = sorted_gaps[sorted_gaps.size() / 2];
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    if (gaps[i] < 0.01) {
      throw SeriesError("duplicated slice: " + slices[i].file.filename().string() + " and " +
                        slices[i + 1].file.filename().string() + " are at the same position");
    }
    if (gaps[i] > 1.5 * usual) {
      throw SeriesError("missing slice: a gap of " + std::to_string(gaps[i]) +
                        " mm where slices are " + std::to_string(usual) + " mm apart");
    }
  }
  return slices;
}

// Every slice's pixel data must fill its image before ITK reads any: ITK reads a short Pixel Data
// element without complaint, and a volume of such slices gives a confident, wrong analysis.
void checkPixelData(const std::vector<SliceHeader>& slices) {
  std::string first_refusal;
  int refused = 0;
  for (const auto& s : slices) {
    try {
      internal::checkPixelDataSize(s.file);
    } catch (const SeriesError& error) {
      if (refused++ == 0) first_refusal = error.what();
    }
  }
  if (refused == 1) throw SeriesError(first_refusal);
  if (refused > 1) {
    throw SeriesError(first_refusal + " (and " + std::to_string(refused - 1) + " more of " +
                      std::to_string(slices.size()) + " instances)");
  }
}

}  // namespace

geometry::PatientVolume readDicomSeries(const std::vector<std::filesystem::path>& files) {
  std::vector<SliceHeader> headers;
  for (const auto& file : files) headers.push_back(readHeader(file));
  const auto slices = orderedSlices(std::move(headers));
  checkPixelData(slices);

  auto reader = itk::ImageSeriesReader<internal::ItkImage>::New();
  std::vector<std::string> names;
  for (const auto& s : slices) names.push_back(s.file.string());
  reader->SetFileNames(names);
  reader->SetImageIO(itk::GDCMImageIO::New());
  try {
    reader->Update();
  } catch (const itk::ExceptionObject& error) {
    throw SeriesError(std::string("cannot read the series: ") + error.GetDescription());
  }
  return internal::fromItk(*reader->GetOutput());
}

}  // namespace everynet::engine
