#pragma once

#include <string_view>

#include "dicom/instance_header.h"

namespace everynet::dicom {

// Reads what the service indexes from an instance stored as a DICOM Part 10 file (as the Store SCP
// wrote it), with the checks a received instance passes. Pixel data is not parsed. Throws
// std::runtime_error naming what is wrong when the bytes are no such file.
InstanceHeader readInstanceFileHeader(std::string_view part10_bytes);

// True when two Part 10 files hold the same dataset in the same transfer syntax, however each
// encodes lengths of sequences and items: both are encoded anew by DCMTK and compared. For a
// re-sent instance whose bytes differ from the stored file. Throws std::runtime_error when either
// cannot be read.
bool holdSameDataset(std::string_view first_part10, std::string_view second_part10);

}  // namespace everynet::dicom
