#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dicom/query/query_request.h"
#include "dicom/store_scu.h"

namespace everynet::dicom {

// One C-FIND answer: the values (UTF-8, multiple values joined by '\') of the requested keys it
// has. A requested key it lacks is answered with zero length; the SCP encodes the answer in the
// request's character set when it can (see internal/query_dataset.h).
struct QueryMatch {
  std::map<AttributeTag, std::string> values;
};

// What the Query/Retrieve SCP asks of the service (in the spirit of Orthanc's
// IFindRequestHandler and IMoveRequestHandler). Requests reach it validated. Called from
// association threads, possibly several at once: implementations must be thread-safe. A method
// that throws std::exception has its request answered "Unable to process" (C000) with the
// exception's text as Error Comment, so that text must not name patients.
class QueryRetrieveHandler {
 public:
  virtual ~QueryRetrieveHandler() = default;
  // C-FIND: every match of the request, at its level.
  virtual std::vector<QueryMatch> find(const QueryRequest& request) = 0;
  // C-MOVE and C-GET: the instances the request's unique keys name, as files to send.
  virtual std::vector<FileToStore> instancesToRetrieve(const QueryRequest& request) = 0;
  // C-MOVE: the Storage SCP a Move Destination AE title stands for (calling AE title, timeouts
  // filled in); empty when it is not a configured destination.
  virtual std::optional<StoreScuConfig> moveDestination(const std::string& ae_title) = 0;
};

}  // namespace everynet::dicom
