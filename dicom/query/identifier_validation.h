#pragma once

#include <string>
#include <variant>
#include <vector>

#include "dicom/dimse_status.h"
#include "dicom/query/query_request.h"

namespace everynet::dicom {

enum class QueryOperation { find, retrieve };  // retrieve: C-MOVE or C-GET

// One element of a received identifier, its value already in UTF-8 and multiple values joined
// by '\'.
struct IdentifierElement {
  AttributeTag tag;
  std::string vr;
  std::string value;
};

// A received identifier before validation.
struct RawIdentifier {
  std::string query_retrieve_level;         // (0008,0052) as received
  std::string character_set;                // (0008,0005), values joined by '\'
  std::vector<IdentifierElement> elements;  // every other element
};

// Why an identifier is refused: the status and the Error Comment.
struct IdentifierError {
  QueryRetrieveStatus status = QueryRetrieveStatus::identifier_does_not_match;
  std::string comment;
};

// Checks an identifier against the hierarchical model (PS3.4 C.4.1.2.1, C.4.2.2.1): a Query/
// Retrieve Level the model has; a single value for the unique key of every level above it; for a
// retrieve, the level's own unique key (one value or a list, no wildcards). Failures are A900
// ("Identifier does not match SOP Class") with the reason. Classifies each key's matching.
std::variant<QueryRequest, IdentifierError> validateIdentifier(InformationModel model,
                                                               QueryOperation operation,
                                                               const RawIdentifier& identifier);

}  // namespace everynet::dicom
