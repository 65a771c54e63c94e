#include "dicom/query/identifier_validation.h"

#include <optional>

#include "dicom/network_text.h"
#include "dicom/query/matching.h"
#include "dicom/query/query_attributes.h"

namespace everynet::dicom {
namespace {

std::optional<QueryLevel> parseLevel(const std::string& text) {
  for (auto level :
       {QueryLevel::patient, QueryLevel::study, QueryLevel::series, QueryLevel::image}) {
    if (text == toString(level)) return level;
  }
  return std::nullopt;
}

std::string keywordOf(AttributeTag tag) {
  const QueryAttribute* attribute = findQueryAttribute(tag);
  return attribute ? attribute->keyword : "unique key";
}

}  // namespace

std::variant<QueryRequest, IdentifierError> validateIdentifier(InformationModel model,
                                                               QueryOperation operation,
                                                               const RawIdentifier& identifier) {
  QueryRequest request;
  request.model = model;
  request.character_set = identifier.character_set;
  if (identifier.query_retrieve_level.empty()) {
    return IdentifierError{QueryRetrieveStatus::identifier_does_not_match,
                           "QueryRetrieveLevel (0008,0052) missing"};
  }
  const auto level = parseLevel(identifier.query_retrieve_level);
  if (!level) {
    return IdentifierError{QueryRetrieveStatus::identifier_does_not_match,
                           "QueryRetrieveLevel '" +
                               escapedForLog(identifier.query_retrieve_level.substr(0, 16)) +
                               "' is not PATIENT, STUDY, SERIES or IMAGE"};
  }
  if (model == InformationModel::study_root && *level == QueryLevel::patient) {
    return IdentifierError{QueryRetrieveStatus::identifier_does_not_match,
                           "Study Root has no PATIENT level"};
  }
  request.level = *level;
  for (const auto& element : identifier.elements) {
    const QueryAttribute* known = findQueryAttribute(element.tag);
    const std::string vr = known ? known->vr : element.vr;
    request.keys.push_back({element.tag, vr, element.value, matchKindOf(vr, element.value)});
  }

  const auto levels = levelsDownTo(model, *level);
  for (std::size_t i = 0; i + 1 < levels.size(); ++i) {
    const AttributeTag unique = uniqueKeyOf(levels[i]);
    const QueryKey* key = request.find(unique);
    if (!key || key->kind != MatchKind::single_value) {
      return IdentifierError{
          QueryRetrieveStatus::identifier_does_not_match,
          keywordOf(unique) + " must be one value at " + toString(*level) + " level"};
    }
  }
  if (operation == QueryOperation::retrieve) {
    const AttributeTag unique = uniqueKeyOf(*level);
    const QueryKey* key = request.find(unique);
    if (!key || (key->kind != MatchKind::single_value && key->kind != MatchKind::list)) {
      return IdentifierError{QueryRetrieveStatus::identifier_does_not_match,
                             keywordOf(unique) + " must name what to retrieve"};
    }
  }
  return request;
}

}  // namespace everynet::dicom
