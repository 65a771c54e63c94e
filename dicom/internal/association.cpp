#include "dicom/internal/association.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmnet/dimse.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <memory>
#include <string_view>
#include <variant>
#include <vector>

#include "dicom/internal/accepted_syntaxes.h"
#include "dicom/internal/error_comment.h"
#include "dicom/internal/part10_bytes.h"
#include "dicom/internal/query_retrieve_scp.h"
#include "dicom/internal/received_dataset.h"
#include "dicom/network_text.h"

namespace everynet::dicom::internal {
namespace {

T_ASC_RejectParametersReason rejectReason(Refusal::Kind kind) {
  switch (kind) {
    case Refusal::Kind::called_ae_not_recognised:
      return ASC_REASON_SU_CALLEDAETITLENOTRECOGNIZED;
    case Refusal::Kind::calling_ae_not_recognised:
      return ASC_REASON_SU_CALLINGAETITLENOTRECOGNIZED;
    case Refusal::Kind::calling_host_not_allowed:
      return ASC_REASON_SU_NOREASON;
  }
  return ASC_REASON_SU_NOREASON;
}

// A negotiation table as DCMTK wants it: arrays of C strings that outlive the call.
struct Syntaxes {
  std::vector<std::string> abstract;
  std::vector<const char*> abstract_pointers;
  std::vector<const char*> transfer_pointers;
  Syntaxes(std::vector<std::string> abstract_syntaxes,
           const std::vector<std::string>& transfer_syntaxes)
      : abstract(std::move(abstract_syntaxes)) {
    for (const auto& uid : abstract) abstract_pointers.push_back(uid.c_str());
    for (const auto& uid : transfer_syntaxes) transfer_pointers.push_back(uid.c_str());
  }

  OFCondition accept(T_ASC_Parameters* parameters, T_ASC_SC_ROLE role) const {
    return ASC_acceptContextsWithPreferredTransferSyntaxes(
        parameters, const_cast<const char**>(abstract_pointers.data()),
        static_cast<int>(abstract_pointers.size()),
        const_cast<const char**>(transfer_pointers.data()),
        static_cast<int>(transfer_pointers.size()), role);
  }
};

const Syntaxes& storageSyntaxes() {
  static const Syntaxes all(acceptedAbstractSyntaxes(), acceptedStorageTransferSyntaxes());
  return all;
}

const Syntaxes& queryRetrieveSyntaxes() {
  static const Syntaxes all(queryRetrieveAbstractSyntaxes(), queryRetrieveTransferSyntaxes());
  return all;
}

// Past this a buffer that held a large instance is given back rather than kept for the next.
constexpr std::size_t kKeptBufferBytes = 64u << 20;

class Association {
 public:
  Association(T_ASC_Association* association, AssociationGate& gate, const DicomScpConfig& config)
      : assoc_(association), gate_(gate), config_(config) {
    const auto& dul = assoc_->params->DULparams;
    request_ = {dul.callingAPTitle, dul.calledAPTitle, dul.callingPresentationAddress};
  }

  ~Association() {
    ASC_dropSCPAssociation(assoc_);
    ASC_destroyAssociation(&assoc_);
  }

  void run() {
    if (!negotiate()) return;
    const AssociationEnd end = serve();
    if (handler_) handler_->onEnd(end);
  }

 private:
  bool negotiate() {
    if (const auto refusal = gate_.refusal(request_)) {
      gate_.onRefused(request_, *refusal);
      T_ASC_RejectParameters reject{ASC_RESULT_REJECTEDPERMANENT, ASC_SOURCE_SERVICEUSER,
                                    rejectReason(refusal->kind)};
      ASC_rejectAssociation(assoc_, &reject);
      return false;
    }
    // Storage with either role (see acceptedAbstractSyntaxes); DCMTK keeps the default role for
    // a caller that proposes no role selection. The second call leaves the first's acceptances.
    OFCondition accepted = storageSyntaxes().accept(assoc_->params, ASC_SC_ROLE_SCUSCP);
    if (accepted.good())
      accepted = queryRetrieveSyntaxes().accept(assoc_->params, ASC_SC_ROLE_DEFAULT);
    if (ASC_countAcceptedPresentationContexts(assoc_->params) == 0) {
      // Proposed none, or none we take: nothing could be done on it (PS3.8 9.3.4).
      spdlog::warn("DICOM: refused an association from '{}': no acceptable presentation context",
                   request_.calling_ae);
      T_ASC_RejectParameters reject{ASC_RESULT_REJECTEDPERMANENT, ASC_SOURCE_SERVICEUSER,
                                    ASC_REASON_SU_NOREASON};
      ASC_rejectAssociation(assoc_, &reject);
      return false;
    }
    if (accepted.good())
      accepted = ASC_setAPTitles(assoc_->params, nullptr, nullptr, config_.ae_title.c_str());
    if (accepted.good()) accepted = ASC_acknowledgeAssociation(assoc_);
    if (accepted.bad()) {
      spdlog::warn("DICOM: association from '{}' failed during negotiation: {}",
                   request_.calling_ae, escapedForLog(accepted.text()));
      return false;
    }
    try {
      handler_ = gate_.onAccepted(request_);
    } catch (const std::exception& error) {
      // Without a handler every C-STORE on this association is answered with a failure status.
      spdlog::error("DICOM: cannot take association from '{}': {}", request_.calling_ae,
                    escapedForLog(error.what()));
    }
    return true;
  }

  AssociationEnd serve() {
    const int timeout = static_cast<int>(config_.dimse_timeout.count());
    while (true) {
      T_ASC_PresentationContextID context_id = 0;
      T_DIMSE_Message message{};
      const OFCondition received =
          DIMSE_receiveCommand(assoc_, DIMSE_NONBLOCKING, timeout, &context_id, &message, nullptr);
      if (received == DUL_PEERREQUESTEDRELEASE) {
        ASC_acknowledgeRelease(assoc_);
        return AssociationEnd::released;
      }
      if (received == DUL_PEERABORTEDASSOCIATION) return AssociationEnd::aborted;
      if (received == DIMSE_NODATAAVAILABLE) {
        spdlog::warn("DICOM: association from '{}' aborted: idle for dimse_timeout_seconds ({} s)",
                     request_.calling_ae, timeout);
        ASC_abortAssociation(assoc_);
        return AssociationEnd::failed;
      }
      if (received.bad()) {
        spdlog::warn("DICOM: association from '{}' ended: {}", request_.calling_ae,
                     escapedForLog(received.text()));
        ASC_abortAssociation(assoc_);
        return AssociationEnd::failed;
      }
      OFCondition handled = EC_Normal;
      switch (message.CommandField) {
        case DIMSE_C_ECHO_RQ:
          handled = DIMSE_sendEchoResponse(assoc_, context_id, &message.msg.CEchoRQ, STATUS_Success,
                                           nullptr);
          break;
        case DIMSE_C_STORE_RQ:
          handled = handleStore(message.msg.CStoreRQ, context_id);
          break;
        case DIMSE_C_FIND_RQ:
          handled = serveFind(queryRetrieveContext(), message.msg.CFindRQ, context_id);
          break;
        case DIMSE_C_MOVE_RQ:
          handled = serveMove(queryRetrieveContext(), message.msg.CMoveRQ, context_id);
          break;
        case DIMSE_C_GET_RQ:
          handled = serveGet(queryRetrieveContext(), message.msg.CGetRQ, context_id);
          break;
        case DIMSE_C_CANCEL_RQ:
          break;  // for an operation already answered in full: nothing to stop
        default:
          spdlog::warn("DICOM: '{}' sent an unsupported command {:#06x}; aborting",
                       request_.calling_ae, static_cast<unsigned>(message.CommandField));
          ASC_abortAssociation(assoc_);
          return AssociationEnd::failed;
      }
      if (handled.bad()) {
        spdlog::warn("DICOM: association from '{}' failed: {}", request_.calling_ae,
                     escapedForLog(handled.text()));
        ASC_abortAssociation(assoc_);
        return AssociationEnd::failed;
      }
    }
  }

  OFCondition handleStore(T_DIMSE_C_StoreRQ& request, T_ASC_PresentationContextID context_id) {
    if (request.DataSetType == DIMSE_DATASET_NULL) {
      const std::string reason = "C-STORE request announces no dataset";
      refused(reason);
      return respond(context_id, request, {StoreStatus::cannot_understand, reason});
    }
    T_ASC_PresentationContext context;
    const OFCondition found =
        ASC_findAcceptedPresentationContext(assoc_->params, context_id, &context);
    if (found.bad()) return found;  // DIMSE accepted the command on it: cannot happen
    const E_TransferSyntax xfer = DcmXfer(context.acceptedTransferSyntax).getXfer();
    const StoreResponse response = receiveAndStore(request, context_id, xfer);
    if (file_.capacity() > kKeptBufferBytes) std::string().swap(file_);
    if (stream_error_.bad()) return stream_error_;  // out of step with the peer: the end
    return respond(context_id, request, response);
  }

  // Reads the dataset that follows a C-STORE command and stores it; the response to send.
  StoreResponse receiveAndStore(T_DIMSE_C_StoreRQ& request, T_ASC_PresentationContextID context_id,
                                E_TransferSyntax xfer) {
    // The file is the meta information followed by the dataset exactly as it arrives, so the
    // pixel data is not parsed and encoded again on its way to the disk. The buffer keeps its
    // capacity from one instance to the next.
    file_.clear();
    std::string meta_error;
    try {
      appendFileMetaInformation(file_, request.AffectedSOPClassUID, request.AffectedSOPInstanceUID,
                                xfer);
    } catch (const std::runtime_error& error) {
      meta_error = error.what();  // reported once the dataset is read and the stream is in step
    }
    const std::size_t dataset_start = file_.size();
    StringOutputStream out(file_, dataset_start + config_.max_instance_bytes);
    T_ASC_PresentationContextID data_context_id = context_id;
    const OFCondition read = DIMSE_receiveDataSetInFile(assoc_, DIMSE_NONBLOCKING, timeout(),
                                                        &data_context_id, &out, nullptr, nullptr);
    if (read.bad()) {
      stream_error_ = read;
      return refusal({StoreStatus::cannot_understand,
                      "dataset could not be read: " + std::string(read.text())});
    }
    if (out.overflowed()) {
      return refusal(
          {StoreStatus::out_of_resources, fmt::format("dataset larger than max_instance_mb ({} MB)",
                                                      config_.max_instance_bytes >> 20)});
    }
    if (data_context_id != context_id) {
      // Our meta information names the command's transfer syntax; PS3.7 puts both on one context.
      return refusal({StoreStatus::cannot_understand,
                      "dataset came on another presentation context than its command"});
    }
    if (!meta_error.empty()) return refusal({StoreStatus::processing_failure, meta_error});
    auto accepted = acceptInstance(std::string_view(file_).substr(dataset_start), xfer,
                                   request.AffectedSOPClassUID, request.AffectedSOPInstanceUID,
                                   datasetLimits(config_));
    if (auto* refused_dataset = std::get_if<DatasetRefusal>(&accepted)) {
      return refusal(*refused_dataset);
    }
    if (!handler_) return {StoreStatus::processing_failure, "association not taken"};
    try {
      return handler_->onStore(std::get<InstanceHeader>(accepted), file_);
    } catch (const std::exception& error) {
      return refusal({StoreStatus::processing_failure, error.what()});
    }
  }

  StoreResponse refusal(const DatasetRefusal& refusal) {
    refused(refusal.reason);
    return {refusal.status, refusal.reason};
  }

  int timeout() const { return static_cast<int>(config_.dimse_timeout.count()); }

  QueryRetrieveContext queryRetrieveContext() const {
    return {assoc_, config_, request_, handler_ ? handler_->queryRetrieve() : nullptr};
  }

  void refused(const std::string& reason) {
    if (handler_) handler_->onRefusedInstance(reason);
  }

  OFCondition respond(T_ASC_PresentationContextID context_id, const T_DIMSE_C_StoreRQ& request,
                      const StoreResponse& response) {
    T_DIMSE_C_StoreRSP answer{};
    answer.MessageIDBeingRespondedTo = request.MessageID;
    answer.DimseStatus = static_cast<DIC_US>(response.status);
    answer.DataSetType = DIMSE_DATASET_NULL;
    OFStandard::strlcpy(answer.AffectedSOPClassUID, request.AffectedSOPClassUID,
                        sizeof answer.AffectedSOPClassUID);
    OFStandard::strlcpy(answer.AffectedSOPInstanceUID, request.AffectedSOPInstanceUID,
                        sizeof answer.AffectedSOPInstanceUID);
    answer.opts = O_STORE_AFFECTEDSOPCLASSUID | O_STORE_AFFECTEDSOPINSTANCEUID;
    DcmDataset detail;
    const bool failed = response.status != StoreStatus::success;
    if (failed && !response.error_comment.empty()) {
      detail.putAndInsertString(DCM_ErrorComment, errorComment(response.error_comment).c_str());
    }
    return DIMSE_sendStoreResponse(assoc_, context_id, &request, &answer,
                                   failed ? &detail : nullptr);
  }

  T_ASC_Association* assoc_;
  AssociationGate& gate_;
  const DicomScpConfig& config_;
  AssociationRequest request_;
  std::unique_ptr<AssociationHandler> handler_;
  std::string file_;                      // the instance being received, as a Part 10 file
  OFCondition stream_error_ = EC_Normal;  // why a dataset could not be read to its end
};

}  // namespace

void runAssociation(T_ASC_Association* association, AssociationGate& gate,
                    const DicomScpConfig& config) {
  Association(association, gate, config).run();
}

}  // namespace everynet::dicom::internal
