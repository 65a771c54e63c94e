#include "dicom/query/header_attributes.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <stdexcept>

namespace everynet::dicom {

std::map<AttributeTag, std::string> readHeaderAttributes(const std::filesystem::path& file,
                                                         const std::vector<AttributeTag>& tags) {
  std::map<AttributeTag, std::string> values;
  if (tags.empty()) return values;
  DcmFileFormat format;
  const OFCondition loaded = format.loadFileUntilTag(
      file.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect, DCM_PixelData);
  if (loaded.bad()) throw std::runtime_error(std::string("cannot read ") + loaded.text());
  DcmDataset& dataset = *format.getDataset();
  OFString character_set;
  dataset.findAndGetOFStringArray(DCM_SpecificCharacterSet, character_set);
  // Text in another character set is converted; one that cannot be keeps its bytes.
  if (!character_set.empty() && character_set != "ISO_IR 192") dataset.convertToUTF8();
  for (const auto tag : tags) {
    DcmElement* element = nullptr;
    if (dataset.findAndGetElement(DcmTagKey(tag.group, tag.element), element).bad() ||
        element->ident() == EVR_SQ) {
      continue;
    }
    OFString value;
    if (element->getOFStringArray(value).good()) values[tag] = value.c_str();
  }
  return values;
}

}  // namespace everynet::dicom
