// C-MOVE and C-GET SCP (PS3.4 C.4.2, C.4.3): C-STORE sub-operations to a configured destination
// (C-MOVE, through the Storage SCU) or back on the requesting association (C-GET), a pending
// response with the counts after each, and a final response.
#include <dcmtk/dcmdata/dcdatset.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <memory>
#include <stop_token>

#include "dicom/internal/instance_sender.h"
#include "dicom/internal/query_dataset.h"
#include "dicom/internal/query_request_reader.h"
#include "dicom/internal/query_retrieve_scp.h"
#include "dicom/network_text.h"
#include "dicom/query/retrieve_progress.h"

namespace everynet::dicom::internal {
namespace {

// Files per association to a move destination: the Storage SCU proposes at most two presentation
// contexts per file, and an association carries 128.
constexpr std::size_t kFilesPerAssociation = 64;

// A retrieve's response, for C-MOVE and C-GET alike.
struct RetrieveResponse {
  QueryRetrieveStatus status = QueryRetrieveStatus::pending;
  std::optional<SubOperationCounts> counts;
  bool with_remaining = true;  // final responses carry Remaining only when cancelled
  DcmDataset* identifier = nullptr;
  DcmDataset* detail = nullptr;
};

RetrieveResponse pending(const SubOperationCounts& counts) {
  RetrieveResponse response;
  response.counts = counts;
  return response;
}

// Sends C-MOVE-RSP or C-GET-RSP: the two differ in their structures only.
template <typename Request, typename Response>
OFCondition sendRetrieveResponse(T_ASC_Association* association,
                                 T_ASC_PresentationContextID context_id, const Request& request,
                                 const RetrieveResponse& what, unsigned remaining_flag,
                                 unsigned completed_flag, unsigned failed_flag,
                                 unsigned warning_flag, unsigned class_flag,
                                 OFCondition (*send)(T_ASC_Association*,
                                                     T_ASC_PresentationContextID, const Request*,
                                                     Response*, DcmDataset*, DcmDataset*)) {
  Response response{};
  response.MessageIDBeingRespondedTo = request.MessageID;
  OFStandard::strlcpy(response.AffectedSOPClassUID, request.AffectedSOPClassUID,
                      sizeof response.AffectedSOPClassUID);
  response.opts = class_flag;
  response.DimseStatus = static_cast<DIC_US>(what.status);
  response.DataSetType = what.identifier ? DIMSE_DATASET_PRESENT : DIMSE_DATASET_NULL;
  if (what.counts) {
    response.NumberOfCompletedSubOperations = static_cast<DIC_US>(what.counts->completed);
    response.NumberOfFailedSubOperations = static_cast<DIC_US>(what.counts->failed);
    response.NumberOfWarningSubOperations = static_cast<DIC_US>(what.counts->warning);
    response.opts |= completed_flag | failed_flag | warning_flag;
    if (what.with_remaining) {
      response.NumberOfRemainingSubOperations = static_cast<DIC_US>(what.counts->remaining);
      response.opts |= remaining_flag;
    }
  }
  return send(association, context_id, &request, &response, what.identifier, what.detail);
}

OFCondition respond(const QueryRetrieveContext& context, T_ASC_PresentationContextID context_id,
                    const T_DIMSE_C_MoveRQ& request, const RetrieveResponse& what) {
  return sendRetrieveResponse<T_DIMSE_C_MoveRQ, T_DIMSE_C_MoveRSP>(
      context.association, context_id, request, what, O_MOVE_NUMBEROFREMAININGSUBOPERATIONS,
      O_MOVE_NUMBEROFCOMPLETEDSUBOPERATIONS, O_MOVE_NUMBEROFFAILEDSUBOPERATIONS,
      O_MOVE_NUMBEROFWARNINGSUBOPERATIONS, O_MOVE_AFFECTEDSOPCLASSUID, &DIMSE_sendMoveResponse);
}

OFCondition respond(const QueryRetrieveContext& context, T_ASC_PresentationContextID context_id,
                    const T_DIMSE_C_GetRQ& request, const RetrieveResponse& what) {
  return sendRetrieveResponse<T_DIMSE_C_GetRQ, T_DIMSE_C_GetRSP>(
      context.association, context_id, request, what, O_GET_NUMBEROFREMAININGSUBOPERATIONS,
      O_GET_NUMBEROFCOMPLETEDSUBOPERATIONS, O_GET_NUMBEROFFAILEDSUBOPERATIONS,
      O_GET_NUMBEROFWARNINGSUBOPERATIONS, O_GET_AFFECTEDSOPCLASSUID, &DIMSE_sendGetResponse);
}

template <typename Request>
OFCondition refuse(const QueryRetrieveContext& context, T_ASC_PresentationContextID context_id,
                   const Request& request, const char* operation, const IdentifierError& error) {
  spdlog::warn("{} from '{}' refused: {}", operation, context.peer.calling_ae,
               escapedForLog(error.comment));
  const auto detail = statusDetail(error.comment);
  return respond(context, context_id, request,
                 {error.status, std::nullopt, false, nullptr, detail.get()});
}

// The request and the files it names, or the refusal already sent.
struct Resolved {
  OFCondition condition = EC_Normal;
  std::optional<QueryRequest> query;
  std::vector<FileToStore> files;
};

Resolved refused(OFCondition condition) {
  Resolved resolved;
  resolved.condition = condition;
  return resolved;
}

template <typename Request>
Resolved resolve(const QueryRetrieveContext& context, T_ASC_PresentationContextID context_id,
                 const Request& request, const char* operation) {
  auto received = receiveRequest(context.association, context_id, context.config,
                                 request.AffectedSOPClassUID, QueryOperation::retrieve);
  if (received.condition.bad()) return refused(received.condition);
  if (auto* error = std::get_if<IdentifierError>(&received.request)) {
    return refused(refuse(context, context_id, request, operation, *error));
  }
  if (!context.handler) {
    return refused(
        refuse(context, context_id, request, operation,
               {QueryRetrieveStatus::unable_to_process, "query/retrieve not available"}));
  }
  Resolved resolved;
  resolved.query = std::get<QueryRequest>(received.request);
  try {
    resolved.files = context.handler->instancesToRetrieve(*resolved.query);
  } catch (const std::exception& error) {
    return refused(refuse(context, context_id, request, operation,
                          {QueryRetrieveStatus::unable_to_process, error.what()}));
  }
  if (resolved.files.size() > kMaxSubOperations) {
    return refused(refuse(context, context_id, request, operation,
                          {QueryRetrieveStatus::out_of_resources_sub_operations,
                           "more than 65535 instances in one retrieve"}));
  }
  return resolved;
}

// Sends the final response of a retrieve whose sub-operations gave `results`, and logs it.
template <typename Request>
OFCondition finish(const QueryRetrieveContext& context, T_ASC_PresentationContextID context_id,
                   const Request& request, const std::string& what,
                   const std::vector<FileToStore>& files, const std::vector<StoreResult>& results,
                   bool cancelled) {
  const SubOperationCounts counts = countSubOperations(results);
  const QueryRetrieveStatus status = finalRetrieveStatus(counts, cancelled);
  std::vector<std::string> failed;
  std::string first_failure;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto outcome = results[i].outcome;
    if (outcome == StoreOutcome::failure || outcome == StoreOutcome::not_sent) {
      failed.push_back(files[i].sop_instance_uid);
      if (first_failure.empty()) first_failure = results[i].reason;
      spdlog::debug("{}: instance {} not sent: {}", what, files[i].sop_instance_uid,
                    results[i].reason);
    }
  }
  spdlog::info("{}: {} instance(s), {} completed, {} failed, {} warning(s){}{}", what, files.size(),
               counts.completed, counts.failed, counts.warning, cancelled ? ", cancelled" : "",
               first_failure.empty() ? "" : "; first failure: " + first_failure);
  const auto identifier = failed.empty() ? nullptr : failedInstancesIdentifier(failed);
  const auto detail = first_failure.empty() ? nullptr : statusDetail(first_failure);
  return respond(context, context_id, request,
                 {status, counts, cancelled, identifier.get(),
                  status == QueryRetrieveStatus::success ? nullptr : detail.get()});
}

// A C-GET's C-STORE sub-operation goes on a context for its SOP class on which the requestor took
// the SCP role; one in the file's own transfer syntax if there is one. 0 when there is none.
T_ASC_PresentationContextID getContextFor(T_ASC_Association* association, const FileToStore& file) {
  T_ASC_PresentationContextID any = 0;
  const int count = ASC_countPresentationContexts(association->params);
  for (int i = 0; i < count; ++i) {
    T_ASC_PresentationContext pc;
    if (ASC_getPresentationContext(association->params, i, &pc).bad()) continue;
    const bool scp_role =
        pc.acceptedRole == ASC_SC_ROLE_SCP || pc.acceptedRole == ASC_SC_ROLE_SCUSCP;
    if (pc.resultReason != ASC_P_ACCEPTANCE || !scp_role || file.sop_class_uid != pc.abstractSyntax)
      continue;
    if (file.transfer_syntax_uid == pc.acceptedTransferSyntax) return pc.presentationContextID;
    if (any == 0) any = pc.presentationContextID;
  }
  return any;
}

}  // namespace

OFCondition serveMove(const QueryRetrieveContext& context, const T_DIMSE_C_MoveRQ& request,
                      T_ASC_PresentationContextID context_id) {
  auto resolved = resolve(context, context_id, request, "C-MOVE");
  if (!resolved.query) return resolved.condition;
  const std::string destination_ae = request.MoveDestination;
  std::optional<StoreScuConfig> destination;
  try {
    destination = context.handler->moveDestination(destination_ae);
  } catch (const std::exception& error) {
    return refuse(context, context_id, request, "C-MOVE",
                  {QueryRetrieveStatus::unable_to_process, error.what()});
  }
  if (!destination) {
    return refuse(context, context_id, request, "C-MOVE",
                  {QueryRetrieveStatus::move_destination_unknown,
                   "Move Destination '" + destination_ae + "' unknown"});
  }
  const auto& files = resolved.files;
  std::vector<StoreResult> results(files.size(),
                                   {StoreOutcome::cancelled, std::nullopt, "cancelled"});
  SubOperationCounts running{static_cast<int>(files.size()), 0, 0, 0};
  std::stop_source cancel;
  OFCondition broken = EC_Normal;
  // After each sub-operation: a pending response with the counts, and a look for C-CANCEL.
  auto progress = [&](const StoreResult& result) {
    --running.remaining;
    if (result.outcome == StoreOutcome::success)
      ++running.completed;
    else if (result.outcome == StoreOutcome::warning)
      ++running.warning;
    else
      ++running.failed;
    if (broken.good() && running.remaining > 0) {
      broken = respond(context, context_id, request, pending(running));
    }
    if (broken.bad() ||
        DIMSE_checkForCancelRQ(context.association, context_id, request.MessageID).good()) {
      cancel.request_stop();
    }
  };
  for (std::size_t first = 0; first < files.size() && !cancel.stop_requested();
       first += kFilesPerAssociation) {
    const std::size_t end = std::min(files.size(), first + kFilesPerAssociation);
    const std::vector<FileToStore> batch(files.begin() + static_cast<std::ptrdiff_t>(first),
                                         files.begin() + static_cast<std::ptrdiff_t>(end));
    const auto batch_results =
        storeFiles(*destination, batch, cancel.get_token(),
                   [&](std::size_t, const StoreResult& result) { progress(result); });
    std::copy(batch_results.begin(), batch_results.end(),
              results.begin() + static_cast<std::ptrdiff_t>(first));
  }
  if (broken.bad()) return broken;
  const bool cancelled = cancel.stop_requested() &&
                         std::any_of(results.begin(), results.end(), [](const StoreResult& r) {
                           return r.outcome == StoreOutcome::cancelled;
                         });
  const std::string what = "C-MOVE from '" + context.peer.calling_ae + "' to '" + destination_ae +
                           "' at " + toString(resolved.query->level) + " level";
  return finish(context, context_id, request, what, files, results, cancelled);
}

OFCondition serveGet(const QueryRetrieveContext& context, const T_DIMSE_C_GetRQ& request,
                     T_ASC_PresentationContextID context_id) {
  auto resolved = resolve(context, context_id, request, "C-GET");
  if (!resolved.query) return resolved.condition;
  const auto& files = resolved.files;
  std::vector<StoreResult> results(files.size(),
                                   {StoreOutcome::cancelled, std::nullopt, "cancelled"});
  SubOperationCounts running{static_cast<int>(files.size()), 0, 0, 0};
  bool cancelled = false;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (DIMSE_checkForCancelRQ(context.association, context_id, request.MessageID).good()) {
      cancelled = true;
      break;
    }
    const T_ASC_PresentationContextID store_context = getContextFor(context.association, files[i]);
    if (store_context == 0) {
      results[i] = {
          StoreOutcome::failure, std::nullopt,
          "no presentation context with our SCU role for SOP class " + files[i].sop_class_uid};
    } else {
      auto sent =
          sendFile(context.association, store_context, files[i], context.config.dimse_timeout);
      if (sent.broken) {
        spdlog::warn("C-GET from '{}': the association broke: {}", context.peer.calling_ae,
                     escapedForLog(sent.result.reason));
        return DIMSE_SENDFAILED;  // the association is gone
      }
      results[i] = std::move(sent.result);
    }
    --running.remaining;
    const auto outcome = results[i].outcome;
    if (outcome == StoreOutcome::success)
      ++running.completed;
    else if (outcome == StoreOutcome::warning)
      ++running.warning;
    else
      ++running.failed;
    if (running.remaining > 0) {
      const OFCondition answered = respond(context, context_id, request, pending(running));
      if (answered.bad()) return answered;
    }
  }
  const std::string what = "C-GET from '" + context.peer.calling_ae + "' at " +
                           toString(resolved.query->level) + " level";
  return finish(context, context_id, request, what, files, results, cancelled);
}

}  // namespace everynet::dicom::internal
