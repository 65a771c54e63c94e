#pragma once

#include <string>

namespace everynet::dicom::internal {

// Error Comment (0000,0902) is LO: 64 characters at most.
inline std::string errorComment(const std::string& reason) {
  return reason.substr(0, 64);
}

}  // namespace everynet::dicom::internal
