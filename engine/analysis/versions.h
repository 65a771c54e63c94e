#pragma once

#include <string>

namespace everynet::engine {

// Versions of the libraries an analysis ran on, for its report (the trainer reports its
// LibTorch in `everynet-train --describe`).
std::string itkVersion();

}  // namespace everynet::engine
