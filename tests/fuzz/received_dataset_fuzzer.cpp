// A C-STORE's dataset through acceptance and header extraction, as the Storage SCP receives it.
// Input: one byte choosing the presentation context's transfer syntax, the command's Affected
// SOP Class UID and Affected SOP Instance UID (each ended by a NUL), then the dataset's bytes.
// Beyond not crashing, what is accepted must keep the header's promises (dataset_header.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "dicom/internal/dataset_header.h"
#include "dicom/internal/received_dataset.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace everynet;

// The service's limits but a smaller size, so that a deflated input may inflate to the limit
// without running into the fuzzer's memory limit.
dicom::internal::DatasetLimits fuzzLimits() {
  dicom::internal::DatasetLimits limits;
  limits.max_bytes = 16u << 20;
  return limits;
}

// The announced instance, with UIDs fit for directory names and text that JSON can carry.
bool keepsPromises(const dicom::InstanceHeader& header, std::string_view sop_class,
                   std::string_view sop_instance) {
  using dicom::internal::isValidUid;
  if (header.sop_class_uid != sop_class || header.sop_instance_uid != sop_instance) return false;
  if (!isValidUid(header.study_instance_uid) || !isValidUid(header.series_instance_uid)) {
    return false;
  }
  for (const std::string* text :
       {&header.patient_id, &header.issuer_of_patient_id, &header.patient_name,
        &header.patient_birth_date, &header.study_date, &header.study_time,
        &header.accession_number, &header.study_description, &header.modality,
        &header.series_description, &header.protocol_name, &header.contrast_bolus_agent,
        &header.image_type, &header.scanning_sequence, &header.sequence_variant,
        &header.mr_acquisition_type}) {
    if (!fuzz::isUtf8(*text)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::logToNowhere();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto limits = fuzzLimits();
  fuzz::InputReader input(data, size);
  const E_TransferSyntax xfer = fuzz::storageTransferSyntax(input.byte());
  const std::string sop_class = input.text();
  const std::string sop_instance = input.text();
  const auto outcome =
      dicom::internal::acceptInstance(input.rest(), xfer, sop_class, sop_instance, limits);
  if (const auto* header = std::get_if<dicom::InstanceHeader>(&outcome)) {
    if (!keepsPromises(*header, sop_class, sop_instance)) std::abort();
  } else if (std::get<dicom::internal::DatasetRefusal>(outcome).reason.empty()) {
    std::abort();  // a refusal says why
  }
  return 0;
}
