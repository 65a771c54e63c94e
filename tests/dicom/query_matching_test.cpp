// Matching of C-FIND keys (PS3.4 C.2.2.2) and validation of identifiers per level and model.
#include <gtest/gtest.h>

#include "dicom/query/identifier_validation.h"
#include "dicom/query/matching.h"
#include "dicom/query/query_attributes.h"
#include "dicom/query/retrieve_progress.h"

namespace everynet::dicom {
namespace {

QueryKey key(AttributeTag tag, const std::string& vr, const std::string& value) {
  return {tag, vr, value, matchKindOf(vr, value)};
}

TEST(QueryMatching, ClassifiesEachKindOfKey) {
  EXPECT_EQ(matchKindOf("PN", ""), MatchKind::universal);
  EXPECT_EQ(matchKindOf("PN", "*"), MatchKind::universal);
  EXPECT_EQ(matchKindOf("PN", "MU*"), MatchKind::wildcard);
  EXPECT_EQ(matchKindOf("LO", "A?C"), MatchKind::wildcard);
  EXPECT_EQ(matchKindOf("DA", "20240101-"), MatchKind::range);
  EXPECT_EQ(matchKindOf("TM", "-0900"), MatchKind::range);
  EXPECT_EQ(matchKindOf("UI", "1.2\\1.3"), MatchKind::list);
  EXPECT_EQ(matchKindOf("UI", "1.2.3"), MatchKind::single_value);
  EXPECT_EQ(matchKindOf("UI", "1.2.*"), MatchKind::single_value) << "no wildcards in UIDs";
  EXPECT_EQ(matchKindOf("DA", "2024*"), MatchKind::single_value) << "no wildcards in dates";
}

TEST(QueryMatching, UniversalAndEmptyMatchEverything) {
  EXPECT_TRUE(matches(key(tags::patient_name, "PN", ""), "Müller^Anna"));
  EXPECT_TRUE(matches(key(tags::patient_name, "PN", ""), ""));
  EXPECT_TRUE(matches(key(tags::patient_name, "PN", "*"), ""));
  EXPECT_FALSE(matches(key(tags::patient_id, "LO", "EN-1"), "")) << "a value never matches empty";
}

TEST(QueryMatching, SingleValuesAreCaseSensitiveExceptPersonNames) {
  EXPECT_TRUE(matches(key(tags::patient_id, "LO", "EN-0001"), "EN-0001"));
  EXPECT_FALSE(matches(key(tags::patient_id, "LO", "en-0001"), "EN-0001"));
  EXPECT_FALSE(matches(key(tags::patient_id, "LO", "EN-000"), "EN-0001"));
  EXPECT_TRUE(matches(key(tags::patient_name, "PN", "müller^anna"), "MÜLLER^ANNA"));
  EXPECT_TRUE(matches(key(tags::patient_name, "PN", "ŁUKASZ"), "łukasz"));
  EXPECT_FALSE(matches(key(tags::patient_name, "PN", "Muller^Anna"), "Müller^Anna"))
      << "no accent folding";
}

TEST(QueryMatching, WildcardsAtEitherEndAndOneCharacterEach) {
  EXPECT_TRUE(wildcardMatches("M*", "Müller", false));
  EXPECT_TRUE(wildcardMatches("*ller", "Müller", false));
  EXPECT_TRUE(wildcardMatches("*ü*", "Müller", false));
  EXPECT_TRUE(wildcardMatches("M?ller", "Müller", false)) << "'?' is one character, not a byte";
  EXPECT_FALSE(wildcardMatches("M??ller", "Müller", false));
  EXPECT_TRUE(wildcardMatches("M*l*r", "Müller", false));
  EXPECT_FALSE(wildcardMatches("M*x", "Müller", false));
  EXPECT_TRUE(wildcardMatches("**", "", false));
  EXPECT_FALSE(wildcardMatches("?", "", false));
  EXPECT_TRUE(matches(key(tags::patient_name, "PN", "mü*"), "MÜLLER^ANNA"));
  EXPECT_FALSE(matches(key(tags::study_description, "LO", "mrt*"), "MRT Schaedel"));
  EXPECT_TRUE(matches(key(tags::study_description, "LO", "MRT*KM"), "MRT Schaedel mit KM"));
}

TEST(QueryMatching, DateRangesOpenOnEitherSide) {
  const auto da = [](const std::string& range, const std::string& date) {
    return matches(key(tags::study_date, "DA", range), date);
  };
  EXPECT_TRUE(da("20240101-20241231", "20240418"));
  EXPECT_TRUE(da("20240418-20240418", "20240418")) << "ends included";
  EXPECT_FALSE(da("20240101-20240417", "20240418"));
  EXPECT_TRUE(da("20240418-", "20240418"));
  EXPECT_FALSE(da("20240419-", "20240418"));
  EXPECT_TRUE(da("-20240418", "20240418"));
  EXPECT_FALSE(da("-20240417", "20240418"));
  EXPECT_FALSE(da("20240101-", "")) << "an empty date is in no range";
  EXPECT_TRUE(da("20240418", "20240418"));
  EXPECT_FALSE(da("20240419", "20240418"));
}

TEST(QueryMatching, TimeRangesCoverTheirBoundsPrecision) {
  const auto tm = [](const std::string& range, const std::string& time) {
    return matches(key(tags::study_time, "TM", range), time);
  };
  EXPECT_TRUE(tm("0800-0900", "081500"));
  EXPECT_TRUE(tm("-0900", "090059.5")) << "09:00 covers its whole minute";
  EXPECT_FALSE(tm("-0900", "090100"));
  EXPECT_TRUE(tm("0815-", "0815"));
  EXPECT_FALSE(tm("081501-", "0815"));
  EXPECT_TRUE(tm("10-", "101000"));
  EXPECT_FALSE(tm("1000-1100", "081500"));
  EXPECT_TRUE(tm("1000-1100", "101000"));
}

TEST(QueryMatching, ListsMatchAnyOfTheirValues) {
  const auto uids = key(tags::series_instance_uid, "UI", "1.2.3\\1.2.4\\1.2.5");
  EXPECT_TRUE(matches(uids, "1.2.4"));
  EXPECT_FALSE(matches(uids, "1.2.6"));
  EXPECT_FALSE(matches(uids, "1.2")) << "whole UIDs only";
  const auto modalities = key(tags::modalities_in_study, "CS", "CT\\SR");
  EXPECT_TRUE(matches(modalities, "MR\\SR")) << "a stored value of several matches by one";
  EXPECT_FALSE(matches(modalities, "MR\\SEG"));
}

TEST(QueryMatching, PersonNameGroupsMatchByTheirAlphabeticGroup) {
  EXPECT_TRUE(matches(key(tags::patient_name, "PN", "Yamada^Tarou"),
                      "Yamada^Tarou=山田^太郎=やまだ^たろう"));
  EXPECT_TRUE(matches(key(tags::patient_name, "PN", "yamada*"), "Yamada^Tarou=山田^太郎"));
}

RawIdentifier identifier(const std::string& level,
                         std::vector<std::pair<AttributeTag, std::string>> keys) {
  RawIdentifier raw;
  raw.query_retrieve_level = level;
  for (auto& [tag, value] : keys) {
    raw.elements.push_back({tag, findQueryAttribute(tag)->vr, value});
  }
  return raw;
}

std::string refusal(InformationModel model, QueryOperation operation, const RawIdentifier& raw) {
  const auto result = validateIdentifier(model, operation, raw);
  const auto* error = std::get_if<IdentifierError>(&result);
  if (!error) return "";
  EXPECT_EQ(error->status, QueryRetrieveStatus::identifier_does_not_match);
  return error->comment;
}

TEST(QueryIdentifier, AcceptsEachLevelWithTheUniqueKeysAboveIt) {
  using M = InformationModel;
  using O = QueryOperation;
  EXPECT_EQ(refusal(M::patient_root, O::find, identifier("PATIENT", {{tags::patient_name, "A*"}})),
            "");
  EXPECT_EQ(refusal(M::patient_root, O::find,
                    identifier("STUDY", {{tags::patient_id, "EN-1"}, {tags::study_date, ""}})),
            "");
  EXPECT_EQ(refusal(M::study_root, O::find, identifier("STUDY", {{tags::patient_name, "A*"}})), "");
  EXPECT_EQ(
      refusal(M::study_root, O::find,
              identifier("SERIES", {{tags::study_instance_uid, "1.2"}, {tags::modality, ""}})),
      "");
  EXPECT_EQ(refusal(M::patient_root, O::find,
                    identifier("IMAGE", {{tags::patient_id, "EN-1"},
                                         {tags::study_instance_uid, "1.2"},
                                         {tags::series_instance_uid, "1.2.3"}})),
            "");
  const auto parsed = validateIdentifier(
      M::study_root, O::find,
      identifier("SERIES", {{tags::study_instance_uid, "1.2"}, {tags::series_number, "5"}}));
  const auto& request = std::get<QueryRequest>(parsed);
  EXPECT_EQ(request.level, QueryLevel::series);
  ASSERT_EQ(request.keys.size(), 2u);
  EXPECT_EQ(request.keys[1].kind, MatchKind::single_value);
}

TEST(QueryIdentifier, RefusesWhatTheHierarchicalModelDoesNotAllow) {
  using M = InformationModel;
  using O = QueryOperation;
  EXPECT_EQ(refusal(M::study_root, O::find, identifier("", {})),
            "QueryRetrieveLevel (0008,0052) missing");
  EXPECT_NE(refusal(M::study_root, O::find, identifier("FRAME", {})), "");
  EXPECT_EQ(refusal(M::study_root, O::find, identifier("PATIENT", {})),
            "Study Root has no PATIENT level");
  EXPECT_EQ(refusal(M::patient_root, O::find, identifier("STUDY", {{tags::patient_name, ""}})),
            "PatientID must be one value at STUDY level");
  EXPECT_EQ(refusal(M::patient_root, O::find, identifier("STUDY", {{tags::patient_id, "EN*"}})),
            "PatientID must be one value at STUDY level");
  EXPECT_EQ(
      refusal(M::study_root, O::find, identifier("IMAGE", {{tags::study_instance_uid, "1.2"}})),
      "SeriesInstanceUID must be one value at IMAGE level");
  EXPECT_EQ(refusal(M::study_root, O::find,
                    identifier("SERIES", {{tags::study_instance_uid, "1.2\\1.3"}})),
            "StudyInstanceUID must be one value at SERIES level");
}

TEST(QueryIdentifier, RetrieveNeedsTheLevelsUniqueKeysAsValueOrList) {
  using M = InformationModel;
  using O = QueryOperation;
  EXPECT_EQ(refusal(M::study_root, O::retrieve,
                    identifier("STUDY", {{tags::study_instance_uid, "1.2\\1.3"}})),
            "");
  EXPECT_EQ(refusal(M::study_root, O::retrieve, identifier("STUDY", {})),
            "StudyInstanceUID must name what to retrieve");
  EXPECT_EQ(refusal(M::patient_root, O::retrieve, identifier("PATIENT", {{tags::patient_id, ""}})),
            "PatientID must name what to retrieve");
  EXPECT_EQ(refusal(M::study_root, O::retrieve,
                    identifier("SERIES", {{tags::series_instance_uid, "1.2.3"}})),
            "StudyInstanceUID must be one value at SERIES level");
}

TEST(RetrieveProgress, FinalStatusFollowsTheCounts) {
  EXPECT_EQ(finalRetrieveStatus({0, 3, 0, 0}, false), QueryRetrieveStatus::success);
  EXPECT_EQ(finalRetrieveStatus({0, 0, 0, 0}, false), QueryRetrieveStatus::success);
  EXPECT_EQ(finalRetrieveStatus({0, 2, 1, 0}, false), QueryRetrieveStatus::sub_operations_failed);
  EXPECT_EQ(finalRetrieveStatus({0, 2, 0, 1}, false), QueryRetrieveStatus::sub_operations_failed);
  EXPECT_EQ(finalRetrieveStatus({0, 0, 3, 0}, false),
            QueryRetrieveStatus::out_of_resources_sub_operations);
  EXPECT_EQ(finalRetrieveStatus({2, 1, 0, 0}, true), QueryRetrieveStatus::cancel);
  const auto counts = countSubOperations({{StoreOutcome::success, 0, ""},
                                          {StoreOutcome::warning, 0xB000, ""},
                                          {StoreOutcome::not_sent, std::nullopt, ""},
                                          {StoreOutcome::failure, 0xA700, ""},
                                          {StoreOutcome::cancelled, std::nullopt, ""}});
  EXPECT_EQ(counts.completed, 1);
  EXPECT_EQ(counts.warning, 1);
  EXPECT_EQ(counts.failed, 2);
  EXPECT_EQ(counts.remaining, 1);
}

}  // namespace
}  // namespace everynet::dicom
