#include "dicom/internal/accepted_syntaxes.h"

#include <dcmtk/dcmdata/dcuid.h>

#include <set>

namespace everynet::dicom::internal {

const std::vector<std::string>& acceptedStorageTransferSyntaxes() {
  // When a caller offers several, its data is kept as encoded: lossless compression first (what
  // a modality compressed stays compressed), then uncompressed, and lossy only when that is all
  // the caller offers, so that nothing is compressed lossily on our account.
  static const std::vector<std::string> syntaxes = {
      UID_JPEGLSLosslessTransferSyntax,
      UID_JPEGProcess14SV1TransferSyntax,
      UID_JPEGProcess14TransferSyntax,
      UID_RLELosslessTransferSyntax,
      UID_DeflatedExplicitVRLittleEndianTransferSyntax,
      UID_LittleEndianExplicitTransferSyntax,
      UID_BigEndianExplicitTransferSyntax,
      UID_LittleEndianImplicitTransferSyntax,
      UID_JPEGLSLossyTransferSyntax,
      UID_JPEGProcess1TransferSyntax,
      UID_JPEGProcess2_4TransferSyntax,
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

const std::vector<std::string>& queryRetrieveAbstractSyntaxes() {
  static const std::vector<std::string> syntaxes = {
      UID_FINDPatientRootQueryRetrieveInformationModel,
      UID_MOVEPatientRootQueryRetrieveInformationModel,
      UID_GETPatientRootQueryRetrieveInformationModel,
      UID_FINDStudyRootQueryRetrieveInformationModel,
      UID_MOVEStudyRootQueryRetrieveInformationModel,
      UID_GETStudyRootQueryRetrieveInformationModel,
  };
  return syntaxes;
}

const std::vector<std::string>& queryRetrieveTransferSyntaxes() {
  static const std::vector<std::string> syntaxes = {UID_LittleEndianExplicitTransferSyntax,
                                                    UID_LittleEndianImplicitTransferSyntax};
  return syntaxes;
}

}  // namespace everynet::dicom::internal
