#pragma once

#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/dimse.h>

#include "dicom/dicom_scp.h"

namespace everynet::dicom::internal {

// What serving a Query/Retrieve request on an association needs.
struct QueryRetrieveContext {
  T_ASC_Association* association;
  const DicomScpConfig& config;
  const AssociationRequest& peer;
  QueryRetrieveHandler* handler;  // null: requests are answered "Unable to process"
};

// Each serves one request whose command has been received: reads its identifier, answers it
// (pending responses, then the final one) and logs its outcome at info level with counts only
// (UIDs at debug level). A C-CANCEL is looked for between answers and sub-operations. A bad
// condition means the association cannot go on.
OFCondition serveFind(const QueryRetrieveContext& context, const T_DIMSE_C_FindRQ& request,
                      T_ASC_PresentationContextID context_id);
OFCondition serveMove(const QueryRetrieveContext& context, const T_DIMSE_C_MoveRQ& request,
                      T_ASC_PresentationContextID context_id);
OFCondition serveGet(const QueryRetrieveContext& context, const T_DIMSE_C_GetRQ& request,
                     T_ASC_PresentationContextID context_id);

}  // namespace everynet::dicom::internal
