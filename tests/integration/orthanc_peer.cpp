#include "orthanc_peer.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

#include "tests/support/free_port.h"

namespace everynet::test {

using namespace std::chrono_literals;

OrthancPeer::OrthancPeer(const std::filesystem::path& directory, int everynet_port)
    : directory_(directory), dicom_port_(freeTcpPort()), http_port_(freeTcpPort()) {
  std::filesystem::create_directories(directory_);
  const nlohmann::json config = {
      {"Name", "everynet-test-pacs"},
      {"StorageDirectory", (directory_ / "storage").string()},
      {"IndexDirectory", (directory_ / "index").string()},
      {"DicomAet", kAeTitle},
      {"DicomPort", dicom_port_},
      {"HttpPort", http_port_},
      {"RemoteAccessAllowed", false},
      {"AuthenticationEnabled", false},
      {"DicomModalities", {{"everynet", {"EVERYNET", "127.0.0.1", everynet_port}}}},
      // Our C-STOREs are acknowledged only once stored; Orthanc then answers at once.
      {"SynchronousCMove", true},
  };
  std::ofstream(directory_ / "orthanc.json") << config.dump(2);
  start();
}

void OrthancPeer::start() {
  process_ = std::make_unique<Process>(
      std::vector<std::string>{"Orthanc", (directory_ / "orthanc.json").string()},
      directory_ / "orthanc.log");
  const bool up = waitUntil(
      [&] {
        return process_->running() &&
               runCommand({"curl", "-fsS", url("/system")}, 5s).exit_code == 0;
      },
      30s);
  ASSERT_TRUE(up) << "Orthanc did not start:\n" << log();
}

void OrthancPeer::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->waitExit(30s);
  process_.reset();
}

OrthancPeer::~OrthancPeer() {
  stop();
}

std::string OrthancPeer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(http_port_) + path;
}

nlohmann::json OrthancPeer::get(const std::string& path) {
  const auto result = runCommand({"curl", "-fsS", url(path)}, 30s);
  EXPECT_EQ(result.exit_code, 0) << path << ": " << result.output;
  return result.exit_code == 0 ? nlohmann::json::parse(result.output) : nlohmann::json();
}

nlohmann::json OrthancPeer::post(const std::string& path, const std::string& body) {
  const auto result =
      runCommand({"curl", "-fsS", "-X", "POST", "--data-binary", body, url(path)}, 120s);
  EXPECT_EQ(result.exit_code, 0) << path << ": " << result.output;
  return result.exit_code == 0 ? nlohmann::json::parse(result.output) : nlohmann::json();
}

void OrthancPeer::download(const std::string& instance_id, const std::filesystem::path& file) {
  const auto result = runCommand(
      {"curl", "-fsS", "-o", file.string(), url("/instances/" + instance_id + "/file")}, 30s);
  ASSERT_EQ(result.exit_code, 0) << result.output;
}

std::string OrthancPeer::log() {
  const auto file = directory_ / "orthanc.log";
  return std::filesystem::exists(file) ? readFile(file) : std::string();
}

}  // namespace everynet::test
