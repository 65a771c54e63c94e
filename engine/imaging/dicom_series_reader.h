#pragma once

#include <array>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "engine/geometry/patient_volume.h"

namespace everynet::engine {

// Why a series cannot be made into a volume, in words for the job's error and the log.
class SeriesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads the files of one MR series into a volume. Slices are ordered by their position along the
// slice normal, never by file name or order. Refuses, with a SeriesError saying why: a series
// that is not MR, mixed orientations or image sizes, duplicated or missing slices (a gap of more
// than 1.5 times the usual slice spacing), fewer than 16 slices, and a slice whose pixel data is
// not Rows × Columns × Bits Allocated × Samples per Pixel (× Number of Frames) in size.
geometry::PatientVolume readDicomSeries(const std::vector<std::filesystem::path>& files);

}  // namespace everynet::engine
