#pragma once

#include <dcmtk/dcmnet/assoc.h>

#include <optional>
#include <string>
#include <variant>

#include "dicom/dicom_scp.h"
#include "dicom/query/identifier_validation.h"

class DcmDataset;

namespace everynet::dicom::internal {

// The information model of a FIND, MOVE or GET SOP Class UID; empty for another SOP class.
std::optional<InformationModel> informationModelOf(const std::string& sop_class_uid);

// A received C-FIND/C-MOVE/C-GET request: the DIMSE condition of reading its identifier (bad: the
// association cannot go on), then the validated request or why it is refused.
struct ReceivedRequest {
  OFCondition condition;
  std::variant<QueryRequest, IdentifierError> request;
};

// Reads the identifier that follows a request's command on `context_id`, within the limits a
// received dataset has (see received_dataset.h), and validates it.
ReceivedRequest receiveRequest(T_ASC_Association* association,
                               T_ASC_PresentationContextID context_id, const DicomScpConfig& config,
                               const std::string& sop_class_uid, QueryOperation operation);

// A status detail holding the Error Comment.
std::unique_ptr<DcmDataset> statusDetail(const std::string& comment);

}  // namespace everynet::dicom::internal
