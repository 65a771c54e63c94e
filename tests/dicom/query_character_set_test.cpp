// Specific Character Set in Query/Retrieve: identifiers in Latin-1 or UTF-8 are read as UTF-8 (what
// the index holds), and answers go back in the query's character set when they fit in it.
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <gtest/gtest.h>

#include "dicom/internal/query_dataset.h"
#include "dicom/query/matching.h"
#include "dicom/query/query_attributes.h"

namespace everynet::dicom {
namespace {

const std::string kStoredName = "Müller^Anna";  // UTF-8, as the index holds it

DcmDataset findIdentifier(const char* character_set, const std::string& name) {
  DcmDataset dataset;
  if (character_set) dataset.putAndInsertString(DCM_SpecificCharacterSet, character_set);
  dataset.putAndInsertString(DCM_QueryRetrieveLevel, "STUDY");
  dataset.putAndInsertString(DCM_PatientName, name.c_str());
  dataset.putAndInsertString(DCM_StudyInstanceUID, "");
  return dataset;
}

QueryRequest requestOf(const DcmDataset& dataset) {
  auto parsed = validateIdentifier(InformationModel::study_root, QueryOperation::find,
                                   internal::readIdentifier(dataset));
  return std::get<QueryRequest>(parsed);
}

std::string text(DcmDataset& dataset, const DcmTagKey& tag) {
  OFString value;
  dataset.findAndGetOFStringArray(tag, value);
  return value.c_str();
}

QueryMatch matchNamed(const std::string& name) {
  return {{{tags::patient_name, name}, {tags::study_instance_uid, "1.2.3"}}};
}

TEST(QueryCharacterSet, ALatin1QueryMatchesUtf8AndIsAnsweredInLatin1) {
  const auto request = requestOf(findIdentifier("ISO_IR 100", "M\xfcller*"));
  const QueryKey* name = request.find(tags::patient_name);
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->value, "Müller*") << "read as UTF-8";
  EXPECT_EQ(name->kind, MatchKind::wildcard);
  EXPECT_TRUE(matches(*name, kStoredName));
  EXPECT_FALSE(matches(*name, "Mueller^Anna"));

  auto answer = internal::findResponseIdentifier(request, matchNamed(kStoredName), "EVERYNET");
  EXPECT_EQ(text(*answer, DCM_SpecificCharacterSet), "ISO_IR 100");
  EXPECT_EQ(text(*answer, DCM_PatientName), "M\xfcller^Anna") << "encoded in Latin-1";
  EXPECT_EQ(text(*answer, DCM_StudyInstanceUID), "1.2.3");
  EXPECT_EQ(text(*answer, DCM_QueryRetrieveLevel), "STUDY");
}

TEST(QueryCharacterSet, AUtf8QueryIsAnsweredInUtf8) {
  const auto request = requestOf(findIdentifier("ISO_IR 192", "Müller^Anna"));
  EXPECT_TRUE(matches(*request.find(tags::patient_name), kStoredName));
  auto answer = internal::findResponseIdentifier(request, matchNamed(kStoredName), "EVERYNET");
  EXPECT_EQ(text(*answer, DCM_SpecificCharacterSet), "ISO_IR 192");
  EXPECT_EQ(text(*answer, DCM_PatientName), kStoredName);
}

TEST(QueryCharacterSet, AnAnswerLatin1CannotHoldComesInUtf8) {
  const auto request = requestOf(findIdentifier("ISO_IR 100", "*"));
  auto answer = internal::findResponseIdentifier(request, matchNamed("Łukasiewicz^Jan"), "");
  EXPECT_EQ(text(*answer, DCM_SpecificCharacterSet), "ISO_IR 192");
  EXPECT_EQ(text(*answer, DCM_PatientName), "Łukasiewicz^Jan");
}

TEST(QueryCharacterSet, ADefaultRepertoireQueryGetsAsciiOrUtf8) {
  const auto request = requestOf(findIdentifier(nullptr, "*"));
  auto ascii = internal::findResponseIdentifier(request, matchNamed("Smith^John"), "");
  EXPECT_TRUE(ascii->tagExists(DCM_SpecificCharacterSet)) << "always present";
  EXPECT_EQ(text(*ascii, DCM_SpecificCharacterSet), "");
  EXPECT_EQ(text(*ascii, DCM_PatientName), "Smith^John");
  auto utf8 = internal::findResponseIdentifier(request, matchNamed(kStoredName), "");
  EXPECT_EQ(text(*utf8, DCM_SpecificCharacterSet), "ISO_IR 192");
  EXPECT_EQ(text(*utf8, DCM_PatientName), kStoredName);
}

TEST(QueryCharacterSet, RequestedKeysTheMatchLacksAreEmptyAndRetrieveAeTitleIsOurs) {
  DcmDataset dataset = findIdentifier("ISO_IR 192", "");
  dataset.putAndInsertString(DCM_ReferringPhysicianName, "");
  dataset.putAndInsertString(DCM_RetrieveAETitle, "");
  const auto request = requestOf(dataset);
  auto answer = internal::findResponseIdentifier(request, matchNamed(kStoredName), "EVERYNET");
  EXPECT_TRUE(answer->tagExists(DCM_ReferringPhysicianName));
  EXPECT_EQ(text(*answer, DCM_ReferringPhysicianName), "");
  EXPECT_EQ(text(*answer, DCM_RetrieveAETitle), "EVERYNET");
}

TEST(QueryCharacterSet, AnUnknownCharacterSetIsRefused) {
  EXPECT_THROW(internal::readIdentifier(findIdentifier("ISO_IR 999", "X")), std::runtime_error);
}

}  // namespace
}  // namespace everynet::dicom
