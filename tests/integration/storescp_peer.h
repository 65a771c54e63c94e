#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>

#include "tests/support/process.h"

namespace everynet::test {

// DCMTK's storescp as an export destination; every instance it receives goes to a file of its
// own, so that the files count the C-STOREs.
class StorescpPeer {
 public:
  // Starts it on `port` and waits until it answers C-ECHO; throws std::runtime_error otherwise.
  StorescpPeer(int port, std::filesystem::path directory);

  std::size_t received() const;

 private:
  std::filesystem::path directory_;
  std::unique_ptr<Process> process_;
};

}  // namespace everynet::test
