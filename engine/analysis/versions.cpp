#include "engine/analysis/versions.h"

#include <itkVersion.h>
#include <torch/version.h>

namespace everynet::engine {

std::string libtorchVersion() {
  return TORCH_VERSION;
}

std::string itkVersion() {
  return itk::Version::GetITKVersion();
}

}  // namespace everynet::engine
