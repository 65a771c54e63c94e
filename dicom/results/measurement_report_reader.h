#pragma once

#include <filesystem>
#include <string>

#include "dicom/results/measurement_report.h"

namespace everynet::dicom {

struct ReadMeasurementReport {
  ChangeReportValues values;
  std::string summary;
  std::string study_instance_uid;
};

// Reads back what writeMeasurementReport wrote (e.g. an SR retrieved from the PACS). Throws
// std::runtime_error when the file is no SR or lacks one of the values.
ReadMeasurementReport readMeasurementReport(const std::filesystem::path& path);

}  // namespace everynet::dicom
