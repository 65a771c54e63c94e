#include "dicom/internal/dataset_header.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcspchrs.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <optional>
#include <string_view>

#include "dicom/network_text.h"

namespace everynet::dicom::internal {
namespace {

std::string text(DcmDataset& dataset, const DcmTagKey& tag) {
  OFString value;
  if (dataset.findAndGetOFStringArray(tag, value).bad()) return {};
  return value.c_str();
}

std::optional<double> decimal(DcmDataset& dataset, const DcmTagKey& tag) {
  Float64 value = 0;
  if (dataset.findAndGetFloat64(tag, value).bad()) return std::nullopt;
  return value;
}

std::optional<int> integer(DcmDataset& dataset, const DcmTagKey& tag) {
  Sint32 value = 0;
  if (dataset.findAndGetSint32(tag, value).bad()) return std::nullopt;
  return static_cast<int>(value);
}

// Values in the dataset's character set (PN, LO, SH) may arrive in Latin-1 or others; the index,
// the logs and the admin web hold UTF-8. Bytes that are not valid in the declared character set
// become U+FFFD, so that nothing downstream meets invalid UTF-8.
std::string toUtf8(const std::string& value, const std::string& character_set) {
  if (character_set.empty() || character_set == "ISO_IR 192" || value.empty()) {
    return validUtf8(value);
  }
  DcmSpecificCharacterSet converter;
  OFString converted;
  if (converter.selectCharacterSet(character_set.c_str()).good() &&
      converter.convertString(value.c_str(), converted).good()) {
    return validUtf8(std::string_view(converted.c_str(), converted.length()));
  }
  return validUtf8(value);  // unknown character set or bytes it lacks; the file keeps the bytes
}

// Values of the default repertoire only (CS, DA, TM): nothing to convert, but a sender may still
// put any bytes there.
std::string asciiText(DcmDataset& dataset, const DcmTagKey& tag) {
  return validUtf8(text(dataset, tag));
}

}  // namespace

bool isValidUid(const std::string& uid) {
  if (uid.empty() || uid.size() > 64) return false;
  bool component_start = true;
  for (std::size_t i = 0; i < uid.size(); ++i) {
    const char c = uid[i];
    if (c == '.') {
      if (component_start) return false;
      component_start = true;
    } else if (c >= '0' && c <= '9') {
      if (component_start && c == '0' && i + 1 < uid.size() && uid[i + 1] != '.') return false;
      component_start = false;
    } else {
      return false;
    }
  }
  return !component_start;
}

std::variant<InstanceHeader, HeaderError> readInstanceHeader(
    DcmDataset& dataset, const std::string& command_sop_class,
    const std::string& command_sop_instance) {
  InstanceHeader h;
  h.sop_class_uid = text(dataset, DCM_SOPClassUID);
  h.sop_instance_uid = text(dataset, DCM_SOPInstanceUID);
  h.study_instance_uid = text(dataset, DCM_StudyInstanceUID);
  h.series_instance_uid = text(dataset, DCM_SeriesInstanceUID);

  if (h.sop_class_uid != command_sop_class) {
    return HeaderError{"SOP Class UID in the dataset differs from the C-STORE request"};
  }
  if (h.sop_instance_uid != command_sop_instance) {
    return HeaderError{"SOP Instance UID in the dataset differs from the C-STORE request"};
  }
  if (!isValidUid(h.sop_instance_uid)) return HeaderError{"SOP Instance UID is not a valid UID"};
  if (!isValidUid(h.study_instance_uid)) {
    return HeaderError{"Study Instance UID is missing or not a valid UID"};
  }
  if (!isValidUid(h.series_instance_uid)) {
    return HeaderError{"Series Instance UID is missing or not a valid UID"};
  }

  h.transfer_syntax_uid = DcmXfer(dataset.getOriginalXfer()).getXferID();
  const std::string character_set = text(dataset, DCM_SpecificCharacterSet);
  h.patient_id = toUtf8(text(dataset, DCM_PatientID), character_set);
  h.issuer_of_patient_id = toUtf8(text(dataset, DCM_IssuerOfPatientID), character_set);
  h.patient_name = toUtf8(text(dataset, DCM_PatientName), character_set);
  h.patient_birth_date = asciiText(dataset, DCM_PatientBirthDate);
  h.study_date = asciiText(dataset, DCM_StudyDate);
  h.study_time = asciiText(dataset, DCM_StudyTime);
  h.accession_number = toUtf8(text(dataset, DCM_AccessionNumber), character_set);
  h.study_description = toUtf8(text(dataset, DCM_StudyDescription), character_set);
  h.modality = asciiText(dataset, DCM_Modality);
  h.series_description = toUtf8(text(dataset, DCM_SeriesDescription), character_set);
  h.protocol_name = toUtf8(text(dataset, DCM_ProtocolName), character_set);
  h.contrast_bolus_agent = toUtf8(text(dataset, DCM_ContrastBolusAgent), character_set);
  h.image_type = asciiText(dataset, DCM_ImageType);
  h.scanning_sequence = asciiText(dataset, DCM_ScanningSequence);
  h.sequence_variant = asciiText(dataset, DCM_SequenceVariant);
  h.mr_acquisition_type = asciiText(dataset, DCM_MRAcquisitionType);
  h.repetition_time_ms = decimal(dataset, DCM_RepetitionTime);
  h.echo_time_ms = decimal(dataset, DCM_EchoTime);
  h.inversion_time_ms = decimal(dataset, DCM_InversionTime);
  h.slice_thickness_mm = decimal(dataset, DCM_SliceThickness);
  h.series_number = integer(dataset, DCM_SeriesNumber);
  h.instance_number = integer(dataset, DCM_InstanceNumber);
  return h;
}

}  // namespace everynet::dicom::internal
