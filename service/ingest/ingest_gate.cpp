#include "service/ingest/ingest_gate.h"

#include <netdb.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>
#include <system_error>

#include "service/ingest/instance_store.h"
#include "service/ingest/open_associations.h"
#include "service/unix_time.h"
#include "storage/index.h"

namespace everynet::service {
namespace {

// The addresses a configured host name or IP literal stands for, resolved once at start so
// that accepting an association needs no DNS.
std::set<std::string> addressesOf(const std::string& host) {
  std::set<std::string> result;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) {
    spdlog::warn("allowed peer host '{}' does not resolve; that peer cannot associate", host);
    return result;
  }
  for (auto* a = found; a; a = a->ai_next) {
    char text[NI_MAXHOST];
    if (::getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) ==
        0) {
      result.insert(text);
    }
  }
  ::freeaddrinfo(found);
  return result;
}

const char* outcomeText(dicom::AssociationEnd how) {
  switch (how) {
    case dicom::AssociationEnd::released:
      return "released";
    case dicom::AssociationEnd::aborted:
      return "aborted";
    case dicom::AssociationEnd::failed:
      return "failed";
  }
  return "failed";
}

// Stores what one association sends and keeps its counts for the log line at its end.
class IngestAssociation : public dicom::AssociationHandler {
 public:
  IngestAssociation(dicom::AssociationRequest request, std::int64_t association_ref,
                    storage::Index& index, InstanceStore& store, OpenAssociations& open,
                    dicom::QueryRetrieveHandler& query_retrieve)
      : request_(std::move(request)),
        association_ref_(association_ref),
        index_(index),
        store_(store),
        open_(open),
        query_retrieve_(query_retrieve) {}

  dicom::StoreResponse onStore(const dicom::InstanceHeader& header,
                               std::string_view file_bytes) override {
    try {
      const auto result = store_.store(header, file_bytes, association_ref_, unixNow());
      switch (result.outcome) {
        case StoreOutcome::stored:
          ++stored_;
          open_.sentOn(result.series_ref, association_ref_);
          break;
        case StoreOutcome::duplicate:
          ++duplicates_;
          break;
        case StoreOutcome::kept_aside:
          ++kept_aside_;
          break;
      }
      return dicom::StoreResponse::ok();
    } catch (const std::system_error& error) {
      ++failed_;
      spdlog::error("cannot store instance {}: {}", header.sop_instance_uid, error.what());
      const bool full = error.code() == std::errc::no_space_on_device;
      return {full ? dicom::StoreStatus::out_of_resources : dicom::StoreStatus::processing_failure,
              full ? "storage full" : "storage error"};
    } catch (const std::exception& error) {
      ++failed_;
      spdlog::error("cannot index instance {}: {}", header.sop_instance_uid, error.what());
      return {dicom::StoreStatus::processing_failure, "index error"};
    }
  }

  void onRefusedInstance(const std::string& reason) override {
    ++failed_;
    spdlog::warn("refused an instance from {} at {}: {}", request_.calling_ae,
                 request_.peer_address, reason);
  }

  dicom::QueryRetrieveHandler* queryRetrieve() override { return &query_retrieve_; }

  void onEnd(dicom::AssociationEnd how) override {
    open_.ended(association_ref_);
    try {
      index_.recordAssociationEnd(association_ref_, outcomeText(how), unixNow());
    } catch (const std::exception& error) {
      spdlog::error("cannot record the end of association {}: {}", association_ref_, error.what());
    }
    spdlog::info(
        "association {} from {} at {} {}: {} stored, {} already held, {} kept aside, {} refused",
        association_ref_, request_.calling_ae, request_.peer_address, outcomeText(how), stored_,
        duplicates_, kept_aside_, failed_);
  }

 private:
  dicom::AssociationRequest request_;
  std::int64_t association_ref_;
  storage::Index& index_;
  InstanceStore& store_;
  OpenAssociations& open_;
  dicom::QueryRetrieveHandler& query_retrieve_;
  int stored_ = 0;
  int duplicates_ = 0;
  int kept_aside_ = 0;
  int failed_ = 0;
};

}  // namespace

IngestGate::IngestGate(const Config::Dicom& config, storage::Index& index, InstanceStore& store,
                       OpenAssociations& open_associations,
                       dicom::QueryRetrieveHandler& query_retrieve)
    : ae_title_(config.ae_title),
      index_(index),
      store_(store),
      open_associations_(open_associations),
      query_retrieve_(query_retrieve) {
  for (const auto& peer : config.allowed_peers) {
    const auto addresses = addressesOf(peer.host);
    allowed_[peer.ae_title].insert(addresses.begin(), addresses.end());
  }
}

std::optional<dicom::Refusal> IngestGate::refusal(const dicom::AssociationRequest& request) {
  using Kind = dicom::Refusal::Kind;
  if (request.called_ae != ae_title_) {
    return dicom::Refusal{Kind::called_ae_not_recognised,
                          "called AE title '" + request.called_ae + "' is not ours"};
  }
  if (allowed_.empty()) return std::nullopt;
  const auto peer = allowed_.find(request.calling_ae);
  if (peer == allowed_.end()) {
    return dicom::Refusal{Kind::calling_ae_not_recognised,
                          "calling AE title is not in dicom.allowed_peers"};
  }
  if (!peer->second.contains(request.peer_address)) {
    return dicom::Refusal{Kind::calling_host_not_allowed,
                          "calling AE title is allowed, but not from this address"};
  }
  return std::nullopt;
}

void IngestGate::onRefused(const dicom::AssociationRequest& request,
                           const dicom::Refusal& refusal) {
  spdlog::warn("refused association from '{}' at {} calling '{}': {}", request.calling_ae,
               request.peer_address, request.called_ae, refusal.reason);
  try {
    index_.recordRefusedAssociation({0, request.calling_ae, request.called_ae, request.peer_address,
                                     unixNow(), std::nullopt, 0, "refused: " + refusal.reason});
  } catch (const std::exception& error) {
    spdlog::error("cannot audit a refused association: {}", error.what());
  }
}

std::unique_ptr<dicom::AssociationHandler> IngestGate::onAccepted(
    const dicom::AssociationRequest& request) {
  const auto ref =
      index_.recordAssociationStart({0, request.calling_ae, request.called_ae, request.peer_address,
                                     unixNow(), std::nullopt, 0, "open"});
  spdlog::info("association {} accepted from '{}' at {}", ref, request.calling_ae,
               request.peer_address);
  return std::make_unique<IngestAssociation>(request, ref, index_, store_, open_associations_,
                                             query_retrieve_);
}

}  // namespace everynet::service
