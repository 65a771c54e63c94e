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
  // The method that made the series, in words (e.g. "registration and subtraction"), named in
  // brackets after the Series Description, so that the results of two methods for one pair tell
  // themselves apart; empty: none named. The whole description must fit VR LO (64 characters).
  std::string method_name{};
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
