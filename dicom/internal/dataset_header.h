#pragma once

#include <string>
#include <variant>

#include "dicom/instance_header.h"

class DcmDataset;

namespace everynet::dicom::internal {

// Why a received dataset cannot be stored, in words for the log and the Error Comment.
struct HeaderError {
  std::string reason;
};

// Reads what we index from a received dataset and checks that it can be stored: SOP Class and
// Instance UIDs present and equal to the command's, Study and Series Instance UIDs present and
// valid (they become directory names). Text comes out as valid UTF-8: converted from the
// declared character set, with U+FFFD for bytes that are not valid in it.
std::variant<InstanceHeader, HeaderError> readInstanceHeader(
    DcmDataset& dataset, const std::string& command_sop_class,
    const std::string& command_sop_instance);

// A UID as PS3.5 9.1 allows: 1-64 characters, digits and dots, no empty or zero-led component.
bool isValidUid(const std::string& uid);

}  // namespace everynet::dicom::internal
