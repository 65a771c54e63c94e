#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "dicom/dicom_scp.h"
#include "service/config/config.h"

namespace everynet::storage {
class IngestStore;
}

namespace everynet::service {

class FreeSpaceMonitor;
class InstanceStore;
class OpenAssociations;

// Who may send to us: our own AE title must be called, and when allowed peers are configured the
// caller's AE title and IP address must match one of them. Every decision is logged and audited;
// each accepted association gets a handler that stores what it sends and passes its
// Query/Retrieve requests to `query_retrieve`. Below the free-space watermark (`space`) C-STORE is
// refused with Out of Resources (A700); below the index's line an association is not recorded.
class IngestGate : public dicom::AssociationGate {
 public:
  IngestGate(const Config::Dicom& config, storage::IngestStore& index, InstanceStore& store,
             OpenAssociations& open_associations, dicom::QueryRetrieveHandler& query_retrieve,
             FreeSpaceMonitor& space);

  std::optional<dicom::Refusal> refusal(const dicom::AssociationRequest& request) override;
  void onRefused(const dicom::AssociationRequest& request, const dicom::Refusal& refusal) override;
  std::unique_ptr<dicom::AssociationHandler> onAccepted(
      const dicom::AssociationRequest& request) override;

 private:
  std::string ae_title_;
  // Allowed calling AE title -> the IP addresses its configured host resolves to.
  std::map<std::string, std::set<std::string>> allowed_;
  storage::IngestStore& index_;
  InstanceStore& store_;
  OpenAssociations& open_associations_;
  dicom::QueryRetrieveHandler& query_retrieve_;
  FreeSpaceMonitor& space_;
};

}  // namespace everynet::service
