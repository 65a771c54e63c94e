#include "dicom/internal/accepted_syntaxes.h"

#include <dcmtk/dcmdata/dcuid.h>

#include <set>

namespace everynet::dicom::internal {

const std::vector<std::string>& acceptedStorageTransferSyntaxes() {
  static const std::vector<std::string> syntaxes = {
      UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax,
      UID_BigEndianExplicitTransferSyntax,    UID_DeflatedExplicitVRLittleEndianTransferSyntax,
      UID_JPEGProcess1TransferSyntax,         UID_JPEGProcess2_4TransferSyntax,
      UID_JPEGProcess14TransferSyntax,        UID_JPEGProcess14SV1TransferSyntax,
      UID_JPEGLSLosslessTransferSyntax,       UID_JPEGLSLossyTransferSyntax,
      UID_RLELosslessTransferSyntax,
  };
  return syntaxes;
}

std::vector<std::string> acceptedAbstractSyntaxes() {
  // DCMTK's table names a few SOP classes twice; a presentation context is configured once.
  std::set<std::string> seen;
  std::vector<std::string> result{UID_VerificationSOPClass};
  for (int i = 0; i < numberOfDcmAllStorageSOPClassUIDs; ++i) {
    if (seen.insert(dcmAllStorageSOPClassUIDs[i]).second) {
      result.emplace_back(dcmAllStorageSOPClassUIDs[i]);
    }
  }
  return result;
}

}  // namespace everynet::dicom::internal
