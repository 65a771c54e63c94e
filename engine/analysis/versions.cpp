#include "engine/analysis/versions.h"

#include <itkVersion.h>

namespace everynet::engine {

std::string itkVersion() {
  return itk::Version::GetITKVersion();
}

}  // namespace everynet::engine
