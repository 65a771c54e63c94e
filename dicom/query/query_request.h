#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

namespace everynet::dicom {

// Query/Retrieve levels (PS3.4 C.3) and information models (PS3.4 C.6.1, C.6.2).
enum class QueryLevel { patient, study, series, image };
enum class InformationModel { patient_root, study_root };
const char* toString(QueryLevel level);  // as DICOM spells it: "PATIENT", "STUDY", ...
const char* toString(InformationModel model);

// A data element tag, (group, element).
struct AttributeTag {
  std::uint16_t group = 0;
  std::uint16_t element = 0;
  auto operator<=>(const AttributeTag&) const = default;
};

// How a key's value matches (PS3.4 C.2.2.2).
enum class MatchKind {
  universal,     // zero-length value: every value matches; a return key
  single_value,  // the value itself (PN compared without regard to case, see matching.h)
  wildcard,      // '*' any run of characters, '?' one character
  range,         // DA or TM "low-high", "low-" or "-high"
  list,          // values separated by backslash (a list of UIDs, or e.g. "MR\\CT"); any matches
};

// One key of a request, its value converted to UTF-8 from the request's character set.
struct QueryKey {
  AttributeTag tag;
  std::string vr;     // two letters, e.g. "PN", "DA", "UI"
  std::string value;  // UTF-8; empty for universal matching
  MatchKind kind = MatchKind::universal;
};

// A validated C-FIND, C-MOVE or C-GET identifier.
struct QueryRequest {
  InformationModel model = InformationModel::study_root;
  QueryLevel level = QueryLevel::study;
  // Every key but Query/Retrieve Level and Specific Character Set, in the order received.
  std::vector<QueryKey> keys;
  // The request's Specific Character Set (0008,0005), values joined by '\'; empty: the default
  // repertoire. Answers are encoded in it when they can be (see query_response.h).
  std::string character_set;

  // The key with this tag, or null.
  const QueryKey* find(AttributeTag tag) const;
};

}  // namespace everynet::dicom
