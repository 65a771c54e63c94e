// C-FIND SCP (PS3.4 C.4.1): one pending response per match, then the final one.
#include <dcmtk/dcmdata/dcdatset.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <memory>

#include "dicom/internal/query_dataset.h"
#include "dicom/internal/query_request_reader.h"
#include "dicom/internal/query_retrieve_scp.h"
#include "dicom/network_text.h"

namespace everynet::dicom::internal {
namespace {

OFCondition respond(const QueryRetrieveContext& context, T_ASC_PresentationContextID context_id,
                    const T_DIMSE_C_FindRQ& request, QueryRetrieveStatus status,
                    DcmDataset* identifier, DcmDataset* detail = nullptr) {
  T_DIMSE_C_FindRSP response{};
  response.MessageIDBeingRespondedTo = request.MessageID;
  OFStandard::strlcpy(response.AffectedSOPClassUID, request.AffectedSOPClassUID,
                      sizeof response.AffectedSOPClassUID);
  response.opts = O_FIND_AFFECTEDSOPCLASSUID;
  response.DimseStatus = static_cast<DIC_US>(status);
  response.DataSetType = identifier ? DIMSE_DATASET_PRESENT : DIMSE_DATASET_NULL;
  return DIMSE_sendFindResponse(context.association, context_id, &request, &response, identifier,
                                detail);
}

OFCondition refuse(const QueryRetrieveContext& context, T_ASC_PresentationContextID context_id,
                   const T_DIMSE_C_FindRQ& request, const IdentifierError& error) {
  spdlog::warn("C-FIND from '{}' refused: {}", context.peer.calling_ae,
               escapedForLog(error.comment));
  const auto detail = statusDetail(error.comment);
  return respond(context, context_id, request, error.status, nullptr, detail.get());
}

}  // namespace

OFCondition serveFind(const QueryRetrieveContext& context, const T_DIMSE_C_FindRQ& request,
                      T_ASC_PresentationContextID context_id) {
  auto received = receiveRequest(context.association, context_id, context.config,
                                 request.AffectedSOPClassUID, QueryOperation::find);
  if (received.condition.bad()) return received.condition;
  if (auto* error = std::get_if<IdentifierError>(&received.request)) {
    return refuse(context, context_id, request, *error);
  }
  const auto& query = std::get<QueryRequest>(received.request);
  if (!context.handler) {
    return refuse(context, context_id, request,
                  {QueryRetrieveStatus::unable_to_process, "query/retrieve not available"});
  }
  std::vector<QueryMatch> matches;
  try {
    matches = context.handler->find(query);
  } catch (const std::exception& error) {
    return refuse(context, context_id, request,
                  {QueryRetrieveStatus::unable_to_process, error.what()});
  }
  std::size_t sent = 0;
  for (const auto& match : matches) {
    if (DIMSE_checkForCancelRQ(context.association, context_id, request.MessageID).good()) {
      spdlog::info("C-FIND from '{}' at {} level ({}) cancelled after {} of {} matches",
                   context.peer.calling_ae, toString(query.level), toString(query.model), sent,
                   matches.size());
      return respond(context, context_id, request, QueryRetrieveStatus::cancel, nullptr);
    }
    const auto identifier = findResponseIdentifier(query, match, context.config.ae_title);
    const OFCondition answered =
        respond(context, context_id, request, QueryRetrieveStatus::pending, identifier.get());
    if (answered.bad()) return answered;
    ++sent;
  }
  spdlog::info("C-FIND from '{}' at {} level ({}): {} matches", context.peer.calling_ae,
               toString(query.level), toString(query.model), matches.size());
  return respond(context, context_id, request, QueryRetrieveStatus::success, nullptr);
}

}  // namespace everynet::dicom::internal
