#pragma once

#include <dcmtk/dcmsr/dsrcodvl.h>

namespace everynet::dicom::internal {

// Concepts of the change report shared by its writer and reader. Quantities without a standard
// code use the private scheme 99EVERYNET (declared in the SR's Coding Scheme Identification).
constexpr const char* kPrivateScheme = "99EVERYNET";

inline DSRCodedEntryValue baselineVolumeCode() {
  return {"EN0001", kPrivateScheme, "Baseline enhancing tumour volume"};
}
inline DSRCodedEntryValue followupVolumeCode() {
  return {"EN0002", kPrivateScheme, "Follow-up enhancing tumour volume"};
}
inline DSRCodedEntryValue volumeChangeCode() {
  return {"EN0003", kPrivateScheme, "Enhancing tumour volume change"};
}
inline DSRCodedEntryValue percentChangeCode() {
  return {"EN0004", kPrivateScheme, "Enhancing tumour volume change, percent"};
}
inline DSRCodedEntryValue growthVolumeCode() {
  return {"EN0005", kPrivateScheme, "Enhancing tumour growth volume"};
}
inline DSRCodedEntryValue reductionVolumeCode() {
  return {"EN0006", kPrivateScheme, "Enhancing tumour reduction volume"};
}
inline DSRCodedEntryValue baselineSourceCode() {
  return {"EN0007", kPrivateScheme, "Source of baseline volume"};
}
// Why the report gives no Response Evaluation, where the class is not assessable.
inline DSRCodedEntryValue notAssessableReasonCode() {
  return {"EN0008", kPrivateScheme, "Reason modified RANO not assessable"};
}
inline DSRCodedEntryValue responseEvaluationCode() {
  return {"112020", "DCM", "Response Evaluation"};
}
inline DSRCodedEntryValue narrativeSummaryCode() {
  return {"111412", "DCM", "Narrative Summary"};
}
inline DSRCodedEntryValue commentCode() {  // one per caution
  return {"121106", "DCM", "Comment"};
}
inline DSRCodedEntryValue algorithmNameCode() {
  return {"111001", "DCM", "Algorithm Name"};
}
inline DSRCodedEntryValue algorithmVersionCode() {
  return {"111003", "DCM", "Algorithm Version"};
}
inline DSRCodedEntryValue algorithmParametersCode() {
  return {"111002", "DCM", "Algorithm Parameters"};
}

// Modified RANO classes as response codes: response (a volume change of -50% or more) is a
// partial response; a complete disappearance is not told apart.
struct RanoCode {
  const char* rano_class;
  const char* code_value;
  const char* code_meaning;
};
constexpr RanoCode kRanoCodes[] = {
    {"response", "112042", "Target Lesion Partial Response"},
    {"stable disease", "112044", "Target Lesion Stable Disease"},
    {"progression", "112043", "Target Lesion Progressive Disease"},
};

// PS3.16 has no response code for a lesion that cannot be evaluated: CID 6144 (RECIST Defined
// Lesion Response) holds only the target lesions' complete and partial response, progressive and
// stable disease, and the non-target lesions' complete response, incomplete response or stable
// disease, and progressive disease. A class that is not assessable leaves the Response Evaluation
// out, and says why in notAssessableReasonCode() and the summary.
constexpr const char* kNotAssessable = "not assessable";

constexpr const char* kBaselineSources[] = {"supplied segmentation", "earlier job",
                                            "automatic estimate"};

}  // namespace everynet::dicom::internal
