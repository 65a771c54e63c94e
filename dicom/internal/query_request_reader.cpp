#include "dicom/internal/query_request_reader.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/dimse.h>

#include <memory>

#include "dicom/internal/error_comment.h"
#include "dicom/internal/part10_bytes.h"
#include "dicom/internal/query_dataset.h"
#include "dicom/internal/received_dataset.h"

namespace everynet::dicom::internal {

std::optional<InformationModel> informationModelOf(const std::string& sop_class_uid) {
  for (const char* uid : {UID_FINDPatientRootQueryRetrieveInformationModel,
                          UID_MOVEPatientRootQueryRetrieveInformationModel,
                          UID_GETPatientRootQueryRetrieveInformationModel}) {
    if (sop_class_uid == uid) return InformationModel::patient_root;
  }
  for (const char* uid : {UID_FINDStudyRootQueryRetrieveInformationModel,
                          UID_MOVEStudyRootQueryRetrieveInformationModel,
                          UID_GETStudyRootQueryRetrieveInformationModel}) {
    if (sop_class_uid == uid) return InformationModel::study_root;
  }
  return std::nullopt;
}

ReceivedRequest receiveRequest(T_ASC_Association* association,
                               T_ASC_PresentationContextID context_id, const DicomScpConfig& config,
                               const std::string& sop_class_uid, QueryOperation operation) {
  // Received as bytes and screened before DCMTK parses them, as a C-STORE's dataset is.
  std::string bytes;
  StringOutputStream out(bytes, config.max_instance_bytes);
  T_ASC_PresentationContextID data_context_id = context_id;
  const OFCondition read = DIMSE_receiveDataSetInFile(
      association, DIMSE_NONBLOCKING, static_cast<int>(config.dimse_timeout.count()),
      &data_context_id, &out, nullptr, nullptr);
  if (read.bad()) return {read, IdentifierError{}};
  const auto model = informationModelOf(sop_class_uid);
  if (!model) {
    return {EC_Normal, IdentifierError{QueryRetrieveStatus::unable_to_process,
                                       "SOP class is not a Query/Retrieve model we serve"}};
  }
  if (data_context_id != context_id) {
    return {EC_Normal, IdentifierError{QueryRetrieveStatus::unable_to_process,
                                       "identifier came on another presentation context"}};
  }
  if (out.overflowed()) {
    return {EC_Normal, IdentifierError{QueryRetrieveStatus::out_of_resources,
                                       "identifier larger than max_instance_mb"}};
  }
  T_ASC_PresentationContext context;
  const OFCondition found =
      ASC_findAcceptedPresentationContext(association->params, context_id, &context);
  if (found.bad()) return {found, IdentifierError{}};
  DcmDataset identifier;
  if (auto refusal = parseReceivedDataset(bytes, DcmXfer(context.acceptedTransferSyntax).getXfer(),
                                          datasetLimits(config), identifier)) {
    return {EC_Normal, IdentifierError{QueryRetrieveStatus::unable_to_process, refusal->reason}};
  }
  try {
    return {EC_Normal, validateIdentifier(*model, operation, readIdentifier(identifier))};
  } catch (const std::runtime_error& error) {
    return {EC_Normal, IdentifierError{QueryRetrieveStatus::unable_to_process, error.what()}};
  }
}

std::unique_ptr<DcmDataset> statusDetail(const std::string& comment) {
  auto detail = std::make_unique<DcmDataset>();
  detail->putAndInsertString(DCM_ErrorComment, errorComment(comment).c_str());
  return detail;
}

}  // namespace everynet::dicom::internal
