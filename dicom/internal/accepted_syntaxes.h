#pragma once

#include <string>
#include <vector>

namespace everynet::dicom::internal {

// Transfer syntaxes we accept for storage, most preferred first: the uncompressed ones and the
// compressed ones DCMTK can decode (JPEG baseline/extended/lossless, JPEG-LS, RLE, deflate).
// Instances are stored in the transfer syntax they arrive in.
const std::vector<std::string>& acceptedStorageTransferSyntaxes();

// Every storage SOP class DCMTK knows, plus Verification. Storage SOP classes are accepted with
// either role: a caller that stores to us keeps the default role, a C-GET caller that proposes
// the SCP role (to receive the C-STORE sub-operations) gets it.
std::vector<std::string> acceptedAbstractSyntaxes();

// The Query/Retrieve SOP classes: FIND, MOVE and GET in the Patient Root and Study Root models.
const std::vector<std::string>& queryRetrieveAbstractSyntaxes();
// Their transfer syntaxes, most preferred first: Explicit, then Implicit VR Little Endian.
const std::vector<std::string>& queryRetrieveTransferSyntaxes();

}  // namespace everynet::dicom::internal
