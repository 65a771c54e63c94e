#include "dicom/store_scu.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/dimse.h>
#include <dcmtk/dcmnet/diutil.h>
#include <fmt/format.h>

#include <memory>
#include <set>
#include <stdexcept>
#include <utility>

#include "dicom/internal/instance_sender.h"

namespace everynet::dicom {
namespace {

// Presentation context IDs are the odd numbers 1..255 (PS3.8 9.3.2.2).
constexpr std::size_t kMaxPresentationContexts = 128;

struct ProposedContext {
  std::string sop_class_uid;
  std::vector<std::string> transfer_syntaxes;
  auto operator<=>(const ProposedContext&) const = default;
};

bool isUncompressed(const std::string& transfer_syntax_uid) {
  const DcmXfer xfer(transfer_syntax_uid.c_str());
  return xfer.getXfer() != EXS_Unknown && !xfer.isEncapsulated();
}

// For each SOP class and stored transfer syntax: that syntax, and the two every peer knows. A
// compressed syntax gets a context of its own, so that a peer that refuses it can still accept
// the uncompressed ones.
std::vector<ProposedContext> proposedContexts(const std::vector<FileToStore>& files) {
  std::set<ProposedContext> contexts;
  const std::vector<std::string> uncompressed{UID_LittleEndianExplicitTransferSyntax,
                                              UID_LittleEndianImplicitTransferSyntax};
  for (const auto& file : files) {
    if (isUncompressed(file.transfer_syntax_uid)) {
      std::vector<std::string> syntaxes{file.transfer_syntax_uid};
      for (const auto& uid : uncompressed) {
        if (uid != file.transfer_syntax_uid) syntaxes.push_back(uid);
      }
      contexts.insert({file.sop_class_uid, std::move(syntaxes)});
    } else {
      contexts.insert({file.sop_class_uid, {file.transfer_syntax_uid}});
      contexts.insert({file.sop_class_uid, uncompressed});
    }
  }
  if (contexts.size() > kMaxPresentationContexts) {
    throw std::invalid_argument(
        fmt::format("{} files need {} presentation contexts; one association carries at most {}",
                    files.size(), contexts.size(), kMaxPresentationContexts));
  }
  return {contexts.begin(), contexts.end()};
}

class Network {
 public:
  Network() = default;
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;
  ~Network() {
    if (network_) ASC_dropNetwork(&network_);
  }
  // Empty on success, else why not.
  std::string open(std::chrono::seconds acse_timeout) {
    const OFCondition opened =
        ASC_initializeNetwork(NET_REQUESTOR, 0, static_cast<int>(acse_timeout.count()), &network_);
    return opened.good() ? std::string() : std::string(opened.text());
  }
  T_ASC_Network* get() const { return network_; }

 private:
  T_ASC_Network* network_ = nullptr;
};

// An association we requested; aborted on destruction unless released.
class Association {
 public:
  Association() = default;
  Association(const Association&) = delete;
  Association& operator=(const Association&) = delete;
  ~Association() {
    if (association_) {
      if (!ended_) ASC_abortAssociation(association_);
      ASC_destroyAssociation(&association_);
    } else if (parameters_) {
      ASC_destroyAssociationParameters(&parameters_);
    }
  }

  // Empty on success, else why the association could not be set up.
  std::string request(T_ASC_Network* network, const StoreScuConfig& config,
                      const std::vector<ProposedContext>& contexts) {
    OFCondition cond =
        ASC_createAssociationParameters(&parameters_, static_cast<long>(config.max_pdu_bytes));
    if (cond.good()) {
      cond = ASC_setAPTitles(parameters_, config.calling_ae.c_str(), config.called_ae.c_str(),
                             nullptr);
    }
    const std::string peer = config.host + ":" + std::to_string(config.port);
    if (cond.good()) cond = ASC_setPresentationAddresses(parameters_, "localhost", peer.c_str());
    for (std::size_t i = 0; cond.good() && i < contexts.size(); ++i) {
      std::vector<const char*> syntaxes;
      for (const auto& uid : contexts[i].transfer_syntaxes) syntaxes.push_back(uid.c_str());
      cond = ASC_addPresentationContext(
          parameters_, static_cast<T_ASC_PresentationContextID>(2 * i + 1),
          contexts[i].sop_class_uid.c_str(), syntaxes.data(), static_cast<int>(syntaxes.size()));
    }
    if (cond.bad()) return std::string("cannot build the association request: ") + cond.text();
    cond = ASC_requestAssociation(network, parameters_, &association_);
    // Once the association exists it owns the parameters, whether the request succeeded or not.
    if (association_) parameters_ = nullptr;
    if (cond == DUL_ASSOCIATIONREJECTED && association_) {
      ended_ = true;
      T_ASC_RejectParameters rejection;
      ASC_getRejectParameters(association_->params, &rejection);
      OFString text;
      ASC_printRejectParameters(text, &rejection);
      return "association rejected by " + peer + ": " + std::string(text.c_str());
    }
    if (cond.bad()) {
      ended_ = true;
      return "association with " + peer + " failed: " + std::string(cond.text());
    }
    return {};
  }

  T_ASC_Association* get() const { return association_; }

  void release() {
    ended_ = true;
    if (ASC_releaseAssociation(association_).bad()) ASC_abortAssociation(association_);
  }

 private:
  T_ASC_Parameters* parameters_ = nullptr;
  T_ASC_Association* association_ = nullptr;
  bool ended_ = false;
};

// The accepted presentation context for the file: one in its own transfer syntax if there is
// one, else any for its SOP class. 0 when the peer accepted none.
T_ASC_PresentationContextID contextFor(T_ASC_Association* association, const FileToStore& file) {
  const T_ASC_PresentationContextID same = ASC_findAcceptedPresentationContextID(
      association, file.sop_class_uid.c_str(), file.transfer_syntax_uid.c_str());
  return same != 0 ? same
                   : ASC_findAcceptedPresentationContextID(association, file.sop_class_uid.c_str());
}

}  // namespace

const char* toString(StoreOutcome outcome) {
  switch (outcome) {
    case StoreOutcome::success:
      return "success";
    case StoreOutcome::warning:
      return "warning";
    case StoreOutcome::failure:
      return "failure";
    case StoreOutcome::not_sent:
      return "not sent";
    case StoreOutcome::cancelled:
      return "cancelled";
  }
  return "unknown";
}

std::vector<StoreResult> storeFiles(const StoreScuConfig& config,
                                    const std::vector<FileToStore>& files, std::stop_token stop,
                                    const StoreProgress& progress) {
  std::vector<StoreResult> results(files.size(),
                                   {StoreOutcome::cancelled, std::nullopt, "stopped"});
  if (files.empty() || stop.stop_requested()) return results;
  const auto contexts = proposedContexts(files);
  auto fail_from = [&](std::size_t first, const std::string& reason) {
    for (std::size_t i = first; i < files.size(); ++i) {
      results[i] = {StoreOutcome::not_sent, std::nullopt, reason};
    }
    return results;
  };

  // DCMTK takes the TCP connect timeout from a process-wide setting; every caller in this
  // process uses its ACSE timeout for it.
  dcmConnectionTimeout.set(static_cast<Sint32>(config.acse_timeout.count()));
  Network network;
  if (auto error = network.open(config.acse_timeout); !error.empty()) {
    return fail_from(0, "cannot set up DICOM networking: " + error);
  }
  Association association;
  if (auto error = association.request(network.get(), config, contexts); !error.empty()) {
    return fail_from(0, error);
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (stop.stop_requested()) break;  // the rest stay cancelled
    const T_ASC_PresentationContextID context = contextFor(association.get(), files[i]);
    auto sent = context != 0
                    ? internal::sendFile(association.get(), context, files[i], config.dimse_timeout)
                    : internal::Sent{{StoreOutcome::failure, std::nullopt,
                                      "the peer accepted no presentation context for SOP class " +
                                          files[i].sop_class_uid}};
    if (sent.broken) return fail_from(i, sent.result.reason);
    results[i] = std::move(sent.result);
    if (progress) progress(i, results[i]);
  }
  association.release();
  return results;
}

}  // namespace everynet::dicom
