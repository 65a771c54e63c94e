#pragma once

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dctagkey.h>

#include <array>
#include <filesystem>
#include <string>

#include "dicom/internal/decimal_string.h"
#include "dicom/results/source_series.h"
#include "dicom/results/written_series.h"
#include "engine/geometry/patient_volume.h"

namespace everynet::dicom::internal {

// What every result object says about itself and where it came from; shared by the SC, SR and
// SEG writers.

// Decimal String values joined by '\\'.
std::string decimalStrings(const double* values, std::size_t count);

void putText(DcmItem& item, const DcmTagKey& tag, const std::string& value);

// Now, as DICOM DA (YYYYMMDD) and TM (HHMMSS) in local time.
struct CreationStamp {
  std::string date;
  std::string time;
};
CreationStamp now();

// The source's Specific Character Set and patient and study attributes, byte for byte (replacing
// what the item holds), so that the result lands in the source's study.
void putSourceContext(DcmItem& dataset, const SourceSeries& source);

// What the series is followed by the method that made it: "what (method)", or what alone where
// options name no method. Throws std::invalid_argument beyond VR LO's 64 characters.
std::string seriesDescription(const std::string& what, const ResultSeriesOptions& options);

// Manufacturer, Software Versions, the new series (described as seriesDescription(what, options))
// and the creation and content date and time.
void putResultSeries(DcmItem& dataset, const ResultSeriesOptions& options,
                     const std::string& series_instance_uid, const std::string& what,
                     const std::string& modality, const CreationStamp& stamp);

// Writes a Part-10 file (Explicit VR Little Endian) so that it is durable before it appears under
// its name: a temporary name in the same directory, fsync, rename, fsync of the directory.
void saveDurably(DcmDataset& dataset, const std::filesystem::path& path);

// Throws std::runtime_error (prefixed with what) unless the volume lies on the series' grid: one
// slice per instance in the series' order, i along the rows, j along the columns, positions within
// 0.05 mm.
void requireOnSeriesGrid(const geometry::PatientVolume& volume, const SourceSeries& series,
                         const std::string& what);

}  // namespace everynet::dicom::internal
