#include "engine/imaging/series_files.h"

#include <itkGDCMSeriesFileNames.h>

#include <string>

#include "engine/imaging/dicom_series_reader.h"

namespace everynet::engine {

SeriesFiles seriesFilesIn(const std::filesystem::path& directory) {
  if (!std::filesystem::is_directory(directory)) {
    throw SeriesError(directory.string() + " is not a directory");
  }
  auto names = itk::GDCMSeriesFileNames::New();
  names->SetRecursive(true);
  // Group by Series Instance UID alone: the reader checks orientation and spacing itself and says
  // what is wrong, where a finer grouping would silently split a broken series.
  names->SetUseSeriesDetails(false);
  names->SetDirectory(directory.string());
  const auto& uids = names->GetSeriesUIDs();
  if (uids.empty()) throw SeriesError("no DICOM series in " + directory.string());
  if (uids.size() > 1) {
    std::string listed;
    for (const auto& uid : uids) listed += (listed.empty() ? "" : ", ") + uid;
    throw SeriesError(directory.string() + " holds " + std::to_string(uids.size()) + " series (" +
                      listed + "); give the directory of one");
  }
  SeriesFiles series;
  series.series_instance_uid = uids.front();
  // GDCM keeps the value's padding.
  while (!series.series_instance_uid.empty() &&
         (series.series_instance_uid.back() == '\0' || series.series_instance_uid.back() == ' ')) {
    series.series_instance_uid.pop_back();
  }
  for (const auto& file : names->GetFileNames(uids.front())) series.files.emplace_back(file);
  return series;
}

}  // namespace everynet::engine
