#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/process.h"

namespace everynet::test {

// Orthanc (the Debian package) as the hospital PACS: its own storage and index in a directory,
// DICOM and REST on free loopback ports, EveryNet registered as the modality "everynet".
class OrthancPeer {
 public:
  static constexpr const char* kAeTitle = "ORTHANC";

  // Starts Orthanc and waits until its REST API answers; everynet_port is where EveryNet listens.
  OrthancPeer(const std::filesystem::path& directory, int everynet_port);
  // Starts it again on the same ports and storage, e.g. after stop().
  void start();
  void stop();
  ~OrthancPeer();
  OrthancPeer(const OrthancPeer&) = delete;
  OrthancPeer& operator=(const OrthancPeer&) = delete;

  int dicomPort() const { return dicom_port_; }
  nlohmann::json get(const std::string& path);
  nlohmann::json post(const std::string& path, const std::string& body);
  // Downloads an instance's DICOM file (Orthanc's instance ID) to `file`.
  void download(const std::string& instance_id, const std::filesystem::path& file);
  std::string log();

 private:
  std::string url(const std::string& path) const;

  std::filesystem::path directory_;
  int dicom_port_ = 0;
  int http_port_ = 0;
  std::unique_ptr<Process> process_;
};

}  // namespace everynet::test
