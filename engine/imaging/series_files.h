#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace everynet::engine {

struct SeriesFiles {
  std::string series_instance_uid;
  std::vector<std::filesystem::path> files;  // for readDicomSeries
};

// The DICOM files of the one series found below `directory` (searched recursively). Throws
// SeriesError when the directory holds no DICOM series or several (naming their Series Instance
// UIDs, so the caller can point at one).
SeriesFiles seriesFilesIn(const std::filesystem::path& directory);

}  // namespace everynet::engine
