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

// C-FIND, C-MOVE and C-GET response statuses we send (PS3.4 C.4.1.1.4, C.4.2.1.5, C.4.3.1.4).
// Which one an outcome gets is decided in dicom/query/retrieve_progress.cpp and
// dicom/query/identifier_validation.cpp only.
enum class QueryRetrieveStatus : std::uint16_t {
  success = 0x0000,
  pending = 0xFF00,
  cancel = 0xFE00,
  sub_operations_failed = 0xB000,            // Warning: complete, one or more failures/warnings
  out_of_resources = 0xA700,                 // Refused: Out of Resources
  out_of_resources_sub_operations = 0xA702,  // Refused: unable to perform sub-operations
  move_destination_unknown = 0xA801,         // Refused: Move Destination unknown
  identifier_does_not_match = 0xA900,        // Error: Identifier does not match SOP Class
  unable_to_process = 0xC000,                // Failed: Unable to process
};

struct StoreResponse {
  StoreStatus status = StoreStatus::success;
  std::string error_comment;  // sent as Error Comment (0000,0902) on failure; at most 64 characters

  static StoreResponse ok() { return {}; }
};

}  // namespace everynet::dicom
