#include "dicom/internal/query_dataset.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcvrcs.h>

#include <stdexcept>

#include "dicom/query/query_attributes.h"

namespace everynet::dicom::internal {
namespace {

constexpr const char* kUtf8 = "ISO_IR 192";

std::string textOf(DcmElement& element) {
  OFString value;
  if (element.getOFStringArray(value).bad()) return {};
  return value.c_str();
}

DcmTag dcmTag(AttributeTag tag, const std::string& vr) {
  DcmTag result(tag.group, tag.element);
  // A tag the dictionary does not know keeps the VR the request gave it.
  if (result.getEVR() == EVR_UNKNOWN || result.getEVR() == EVR_UN) {
    result.setVR(DcmVR(vr.c_str()));
  }
  return result;
}

void put(DcmDataset& dataset, AttributeTag tag, const std::string& vr, const std::string& value) {
  DcmElement* element = DcmItem::newDicomElement(dcmTag(tag, vr));
  if (!element) return;  // a VR we cannot make an element of: left out
  if (!value.empty()) element->putString(value.c_str());
  if (dataset.insert(element, OFTrue).bad()) delete element;
}

std::unique_ptr<DcmDataset> buildUtf8(const QueryRequest& request, const QueryMatch& match,
                                      const std::string& retrieve_ae_title) {
  auto dataset = std::make_unique<DcmDataset>();
  dataset->putAndInsertString(DCM_SpecificCharacterSet, kUtf8);
  dataset->putAndInsertString(DCM_QueryRetrieveLevel, toString(request.level));
  for (const auto& key : request.keys) {
    std::string value;
    if (key.tag == tags::retrieve_ae_title) {
      value = retrieve_ae_title;
    } else if (const auto found = match.values.find(key.tag); found != match.values.end()) {
      value = found->second;
    }
    put(*dataset, key.tag, key.vr, value);
  }
  return dataset;
}

}  // namespace

RawIdentifier readIdentifier(const DcmDataset& identifier) {
  DcmDataset copy(identifier);
  RawIdentifier raw;
  OFString character_set;
  if (copy.findAndGetOFStringArray(DCM_SpecificCharacterSet, character_set).good()) {
    raw.character_set = character_set.c_str();
  }
  if (!raw.character_set.empty() && raw.character_set != kUtf8) {
    const OFCondition converted = copy.convertToUTF8();
    if (converted.bad()) {
      throw std::runtime_error("cannot read character set '" + raw.character_set.substr(0, 24) +
                               "': " + converted.text());
    }
  }
  for (unsigned long i = 0; i < copy.card(); ++i) {
    DcmElement* element = copy.getElement(i);
    const DcmTag& tag = element->getTag();
    if (tag.getGroup() == 0x0000 || element->ident() == EVR_SQ) continue;
    const AttributeTag our{tag.getGroup(), tag.getElement()};
    if (our == tags::specific_character_set) continue;
    if (our == tags::query_retrieve_level) {
      raw.query_retrieve_level = textOf(*element);
      continue;
    }
    raw.elements.push_back({our, DcmVR(element->ident()).getVRName(), textOf(*element)});
  }
  return raw;
}

std::unique_ptr<DcmDataset> findResponseIdentifier(const QueryRequest& request,
                                                   const QueryMatch& match,
                                                   const std::string& retrieve_ae_title) {
  auto dataset = buildUtf8(request, match, retrieve_ae_title);
  if (request.character_set == kUtf8) return dataset;
  // Converting to the request's character set fails when a value has a character it lacks (or
  // DCMTK cannot encode into it, e.g. ISO 2022 code extensions): the answer stays UTF-8.
  auto converted = std::make_unique<DcmDataset>(*dataset);
  if (converted->convertCharacterSet(request.character_set).bad()) return dataset;
  // For the default repertoire DCMTK removes the element; we keep it, empty.
  if (!converted->tagExists(DCM_SpecificCharacterSet)) {
    converted->putAndInsertString(DCM_SpecificCharacterSet, "");
  }
  return converted;
}

std::unique_ptr<DcmDataset> failedInstancesIdentifier(const std::vector<std::string>& sop_uids) {
  auto dataset = std::make_unique<DcmDataset>();
  std::string list;
  for (const auto& uid : sop_uids) list += (list.empty() ? "" : "\\") + uid;
  dataset->putAndInsertString(DCM_FailedSOPInstanceUIDList, list.c_str());
  return dataset;
}

}  // namespace everynet::dicom::internal
