#include "service/ingest/ingest_gate.h"

#include <netdb.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>
#include <system_error>

#include "dicom/network_text.h"
#include "service/ingest/instance_store.h"
#include "service/ingest/open_associations.h"
#include "service/space/free_space_monitor.h"
#include "service/unix_time.h"
#include "storage/disk_full.h"
#include "storage/ingest_store.h"

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

// Leading and trailing spaces of an AE title are not significant (PS3.5 6.2); a title may arrive
// padded to its 16 bytes.
std::string_view significantPart(std::string_view ae_title) {
  const auto first = ae_title.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return ae_title.substr(first, ae_title.find_last_not_of(' ') - first + 1);
}

// An AE title as the log and the associations table show it: anything a peer sent, escaped.
std::string shownAeTitle(std::string_view ae_title) {
  return dicom::escapedForLog(significantPart(ae_title));
}

storage::AssociationRecord auditRecord(const dicom::AssociationRequest& request,
                                       std::string outcome) {
  return {.calling_ae = shownAeTitle(request.calling_ae),
          .called_ae = shownAeTitle(request.called_ae),
          .peer_address = request.peer_address,
          .started_at = unixNow(),
          .ended_at = std::nullopt,
          .instances_received = 0,
          .outcome = std::move(outcome)};
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

// The C-STORE status of an instance that could not be stored, logged: Out of Resources (A700)
// when the index or the file store is out of space, so that the sender retries later.
dicom::StoreResponse storeFailure(const std::string& sop_instance_uid,
                                  const std::exception& error) {
  if (storage::isDiskFull(error)) {
    spdlog::error("cannot store instance {}: the disk is full: {}", sop_instance_uid, error.what());
    return {dicom::StoreStatus::out_of_resources, "storage full"};
  }
  const bool file_store = dynamic_cast<const std::system_error*>(&error) != nullptr;
  spdlog::error("cannot {} instance {}: {}", file_store ? "store" : "index", sop_instance_uid,
                error.what());
  return {dicom::StoreStatus::processing_failure, file_store ? "storage error" : "index error"};
}

// An association taken while the index is too full to record it, or below the index's free-space
// line: nothing can be stored, so each C-STORE is refused with Out of Resources; queries are still
// answered. The log said why when the association began: one line per instance is debug only.
class DiskFullAssociation : public dicom::AssociationHandler {
 public:
  explicit DiskFullAssociation(dicom::QueryRetrieveHandler& query_retrieve)
      : query_retrieve_(query_retrieve) {}

  dicom::StoreResponse onStore(const dicom::InstanceHeader& header, std::string_view) override {
    spdlog::debug("refused instance {}: no space to store it", header.sop_instance_uid);
    return {dicom::StoreStatus::out_of_resources, "storage full"};
  }
  void onRefusedInstance(const std::string& reason) override {
    spdlog::warn("refused an instance: {}", dicom::escapedForLog(reason));
  }
  dicom::QueryRetrieveHandler* queryRetrieve() override { return &query_retrieve_; }
  void onEnd(dicom::AssociationEnd) override {}

 private:
  dicom::QueryRetrieveHandler& query_retrieve_;
};

// Stores what one association sends and keeps its counts for the log line at its end.
class IngestAssociation : public dicom::AssociationHandler {
 public:
  IngestAssociation(const dicom::AssociationRequest& request, std::int64_t association_ref,
                    storage::IngestStore& index, InstanceStore& store, OpenAssociations& open,
                    dicom::QueryRetrieveHandler& query_retrieve, FreeSpaceMonitor& space)
      : calling_ae_(shownAeTitle(request.calling_ae)),
        peer_address_(request.peer_address),
        association_ref_(association_ref),
        index_(index),
        store_(store),
        open_(open),
        query_retrieve_(query_retrieve),
        space_(space) {}

  dicom::StoreResponse onStore(const dicom::InstanceHeader& header,
                               std::string_view file_bytes) override {
    // The monitor logged the watermark when the level changed; per instance only at debug.
    if (!space_.admitInstance(file_bytes.size())) {
      ++failed_;
      spdlog::debug("refused instance {}: below the free-space watermark", header.sop_instance_uid);
      return {dicom::StoreStatus::out_of_resources, "storage full: below storage.min_free_mb"};
    }
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
    } catch (const std::exception& error) {
      ++failed_;
      return storeFailure(header.sop_instance_uid, error);
    }
  }

  void onRefusedInstance(const std::string& reason) override {
    ++failed_;
    spdlog::warn("refused an instance from {} at {}: {}", calling_ae_, peer_address_,
                 dicom::escapedForLog(reason));
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
        association_ref_, calling_ae_, peer_address_, outcomeText(how), stored_, duplicates_,
        kept_aside_, failed_);
  }

 private:
  std::string calling_ae_;  // as shownAeTitle
  std::string peer_address_;
  std::int64_t association_ref_;
  storage::IngestStore& index_;
  InstanceStore& store_;
  OpenAssociations& open_;
  dicom::QueryRetrieveHandler& query_retrieve_;
  FreeSpaceMonitor& space_;
  int stored_ = 0;
  int duplicates_ = 0;
  int kept_aside_ = 0;
  int failed_ = 0;
};

}  // namespace

IngestGate::IngestGate(const Config::Dicom& config, storage::IngestStore& index,
                       InstanceStore& store, OpenAssociations& open_associations,
                       dicom::QueryRetrieveHandler& query_retrieve, FreeSpaceMonitor& space)
    : ae_title_(config.ae_title),
      index_(index),
      store_(store),
      open_associations_(open_associations),
      query_retrieve_(query_retrieve),
      space_(space) {
  for (const auto& peer : config.allowed_peers) {
    const auto addresses = addressesOf(peer.host);
    allowed_[peer.ae_title].insert(addresses.begin(), addresses.end());
  }
}

std::optional<dicom::Refusal> IngestGate::refusal(const dicom::AssociationRequest& request) {
  using Kind = dicom::Refusal::Kind;
  // Before any lookup: bytes that cannot be an AE title (a line break, a terminal escape) are
  // refused whatever dicom.allowed_peers says.
  if (!dicom::isValidAeTitle(request.calling_ae)) {
    return dicom::Refusal{Kind::calling_ae_not_recognised,
                          "calling AE title is not a valid AE title (PS3.5 6.2)"};
  }
  if (!dicom::isValidAeTitle(request.called_ae) ||
      significantPart(request.called_ae) != ae_title_) {
    return dicom::Refusal{Kind::called_ae_not_recognised,
                          "called AE title '" + shownAeTitle(request.called_ae) + "' is not ours"};
  }
  if (allowed_.empty()) return std::nullopt;
  const auto peer = allowed_.find(std::string(significantPart(request.calling_ae)));
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
  spdlog::warn("refused association from '{}' at {} calling '{}': {}",
               shownAeTitle(request.calling_ae), request.peer_address,
               shownAeTitle(request.called_ae), refusal.reason);
  try {
    index_.recordRefusedAssociation(auditRecord(request, "refused: " + refusal.reason));
  } catch (const std::exception& error) {
    spdlog::error("cannot audit a refused association: {}", error.what());
  }
}

std::unique_ptr<dicom::AssociationHandler> IngestGate::onAccepted(
    const dicom::AssociationRequest& request) {
  if (!space_.ingestMayWriteIndex()) {
    // Below the index's line: the space left is for the index's bookkeeping, not the audit log.
    spdlog::info(
        "association from '{}' at {} not recorded and can store nothing: below "
        "storage.index_reserve_mb",
        shownAeTitle(request.calling_ae), request.peer_address);
    return std::make_unique<DiskFullAssociation>(query_retrieve_);
  }
  std::int64_t ref = 0;
  try {
    ref = index_.recordAssociationStart(auditRecord(request, "open"));
  } catch (const std::exception& error) {
    if (!storage::isDiskFull(error)) throw;
    spdlog::error("association from '{}' at {} can store nothing: the disk is full: {}",
                  shownAeTitle(request.calling_ae), request.peer_address, error.what());
    return std::make_unique<DiskFullAssociation>(query_retrieve_);
  }
  spdlog::info("association {} accepted from '{}' at {}", ref, shownAeTitle(request.calling_ae),
               request.peer_address);
  return std::make_unique<IngestAssociation>(request, ref, index_, store_, open_associations_,
                                             query_retrieve_, space_);
}

}  // namespace everynet::service
