#pragma once

#include <string>

namespace everynet::engine {

// Versions of the libraries an analysis ran on, for its report.
std::string libtorchVersion();
std::string itkVersion();

}  // namespace everynet::engine
