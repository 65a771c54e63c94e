#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace everynet::dicom {

// Where and as what a result series is written. Every writer makes a new Series Instance UID.
struct ResultSeriesOptions {
  std::filesystem::path directory;  // created when missing
  int series_number = 900;
  std::string software_version;  // Software Versions, e.g. "0.4.0"
};

struct WrittenInstance {
  std::filesystem::path path;  // durable: written to a temporary name, fsync'ed, renamed
  std::string sop_class_uid;
  std::string sop_instance_uid;
};

struct WrittenSeries {
  std::string series_instance_uid;
  std::vector<WrittenInstance> instances;
};

}  // namespace everynet::dicom
