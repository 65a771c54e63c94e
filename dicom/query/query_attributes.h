#pragma once

#include <optional>
#include <vector>

#include "dicom/query/query_request.h"

namespace everynet::dicom {

// Where the value of an attribute in a C-FIND answer comes from.
enum class AttributeSource {
  index,     // held in the index: matchable
  computed,  // counted or collected over the index (e.g. Number of Study Related Series)
};

// An attribute the Query/Retrieve SCP knows by name: the index holds it or computes it.
// Any other requested key is answered from one instance's header at SERIES and IMAGE level and
// empty above (it is never matched on; PS3.4 C.2.2.1.3 lets an SCP treat it as a return key).
struct QueryAttribute {
  AttributeTag tag;
  const char* keyword;  // DICOM's keyword, e.g. "PatientName"
  const char* vr;
  QueryLevel level;
  AttributeSource source;
  bool matchable;  // computed counts are return keys only; Modalities in Study is matchable
};

// The known attributes, by tag; null for one we do not hold.
const QueryAttribute* findQueryAttribute(AttributeTag tag);
const std::vector<QueryAttribute>& queryAttributes();

// The unique key of a level (PS3.4 C.6.1.1 / C.6.2.1): Patient ID, Study/Series/SOP Instance UID.
AttributeTag uniqueKeyOf(QueryLevel level);
// The levels of a model from the top down to `level` (Study Root has no PATIENT level).
std::vector<QueryLevel> levelsDownTo(InformationModel model, QueryLevel level);

// Tags the service names in code.
namespace tags {
inline constexpr AttributeTag specific_character_set{0x0008, 0x0005};
inline constexpr AttributeTag query_retrieve_level{0x0008, 0x0052};
inline constexpr AttributeTag retrieve_ae_title{0x0008, 0x0054};
inline constexpr AttributeTag failed_sop_instance_uid_list{0x0008, 0x0058};
inline constexpr AttributeTag patient_name{0x0010, 0x0010};
inline constexpr AttributeTag patient_id{0x0010, 0x0020};
inline constexpr AttributeTag issuer_of_patient_id{0x0010, 0x0021};
inline constexpr AttributeTag patient_birth_date{0x0010, 0x0030};
inline constexpr AttributeTag number_of_patient_related_studies{0x0020, 0x1200};
inline constexpr AttributeTag number_of_patient_related_series{0x0020, 0x1202};
inline constexpr AttributeTag number_of_patient_related_instances{0x0020, 0x1204};
inline constexpr AttributeTag study_instance_uid{0x0020, 0x000D};
inline constexpr AttributeTag study_date{0x0008, 0x0020};
inline constexpr AttributeTag study_time{0x0008, 0x0030};
inline constexpr AttributeTag accession_number{0x0008, 0x0050};
inline constexpr AttributeTag study_description{0x0008, 0x1030};
inline constexpr AttributeTag modalities_in_study{0x0008, 0x0061};
inline constexpr AttributeTag number_of_study_related_series{0x0020, 0x1206};
inline constexpr AttributeTag number_of_study_related_instances{0x0020, 0x1208};
inline constexpr AttributeTag series_instance_uid{0x0020, 0x000E};
inline constexpr AttributeTag modality{0x0008, 0x0060};
inline constexpr AttributeTag series_description{0x0008, 0x103E};
inline constexpr AttributeTag series_number{0x0020, 0x0011};
inline constexpr AttributeTag protocol_name{0x0018, 0x1030};
inline constexpr AttributeTag number_of_series_related_instances{0x0020, 0x1209};
inline constexpr AttributeTag sop_instance_uid{0x0008, 0x0018};
inline constexpr AttributeTag sop_class_uid{0x0008, 0x0016};
inline constexpr AttributeTag instance_number{0x0020, 0x0013};
}  // namespace tags

}  // namespace everynet::dicom
