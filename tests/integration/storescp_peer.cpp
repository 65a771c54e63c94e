#include "storescp_peer.h"

#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace everynet::test {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

StorescpPeer::StorescpPeer(int port, fs::path directory) : directory_(std::move(directory)) {
  fs::create_directories(directory_);
  process_ = std::make_unique<Process>(
      std::vector<std::string>{"storescp", "--output-directory", directory_.string(), "+uf",
                               std::to_string(port)},
      directory_.parent_path() / (directory_.filename().string() + ".log"));
  const bool up = waitUntil(
      [&] {
        return runCommand({"echoscu", "127.0.0.1", std::to_string(port)}, 5s).exit_code == 0;
      },
      10s);
  if (!up) throw std::runtime_error("storescp did not start on port " + std::to_string(port));
}

std::size_t StorescpPeer::received() const {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(directory_), {}));
}

}  // namespace everynet::test
