#pragma once

#include <cstdint>
#include <string>

namespace everynet::dicom {

// C-STORE response statuses we send (PS3.4 B.2.3 and PS3.7 C).
enum class StoreStatus : std::uint16_t {
  success = 0x0000,
  out_of_resources = 0xA700,        // Refused: Out of Resources
  dataset_does_not_match = 0xA900,  // Error: Data Set does not match SOP Class
  cannot_understand = 0xC000,       // Error: Cannot understand
  processing_failure = 0x0110,      // Failure: Processing failure
};

struct StoreResponse {
  StoreStatus status = StoreStatus::success;
  std::string error_comment;  // sent as Error Comment (0000,0902) on failure; at most 64 characters

  static StoreResponse ok() { return {}; }
};

}  // namespace everynet::dicom
