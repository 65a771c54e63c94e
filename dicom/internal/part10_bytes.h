#pragma once

#include <string>

class DcmDataset;

namespace everynet::dicom::internal {

// Encodes the dataset as a DICOM Part 10 file (meta header + dataset) in the transfer syntax it
// was received in (Explicit VR Little Endian for one built in memory). Deterministic: the same
// dataset gives the same bytes, which is how a re-sent instance is recognised as identical. Throws
// std::runtime_error.
std::string encodePart10(DcmDataset& dataset);

}  // namespace everynet::dicom::internal
