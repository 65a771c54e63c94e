#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dicom/query/query_retrieve_handler.h"
#include "service/config/config.h"

namespace everynet::storage {
class QueryRetrieveStore;
}

namespace everynet::service {

// Answers the DICOM Query/Retrieve SCP from the index and the stored files: candidate rows from
// the index within the request's unique keys, matched on the other keys here; requested keys the
// index does not hold are read from one instance's header at SERIES and IMAGE level (left empty
// above). C-MOVE destinations are [[destinations]] and [[retrieve_destinations]];
// query.results_only hides everything but result series. Thread-safe: it holds no state of its
// own, and the index is thread-safe.
class QueryRetrieveService : public dicom::QueryRetrieveHandler {
 public:
  QueryRetrieveService(const Config& config, storage::QueryRetrieveStore& store);

  std::vector<dicom::QueryMatch> find(const dicom::QueryRequest& request) override;
  std::vector<dicom::FileToStore> instancesToRetrieve(const dicom::QueryRequest& request) override;
  std::optional<dicom::StoreScuConfig> moveDestination(const std::string& ae_title) override;

 private:
  const Config& config_;
  storage::QueryRetrieveStore& store_;
};

}  // namespace everynet::service
