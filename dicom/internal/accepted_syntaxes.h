#pragma once

#include <string>
#include <vector>

namespace everynet::dicom::internal {

// Transfer syntaxes we accept for storage, most preferred first: the uncompressed ones and the
// compressed ones DCMTK can decode (JPEG baseline/extended/lossless, JPEG-LS, RLE, deflate).
// Instances are stored in the transfer syntax they arrive in.
const std::vector<std::string>& acceptedStorageTransferSyntaxes();

// Every storage SOP class DCMTK knows, plus Verification.
std::vector<std::string> acceptedAbstractSyntaxes();

}  // namespace everynet::dicom::internal
