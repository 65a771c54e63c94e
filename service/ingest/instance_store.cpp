#include "service/ingest/instance_store.h"

#include <spdlog/spdlog.h>

#include <functional>

#include "storage/file_store.h"
#include "storage/index.h"

namespace everynet::service {
namespace {

storage::IncomingInstance toIncoming(const dicom::InstanceHeader& h) {
  storage::IncomingInstance in;
  in.patient = {h.patient_id, h.issuer_of_patient_id, h.patient_name, h.patient_birth_date};
  in.study = {h.study_instance_uid, h.study_date, h.study_time, h.accession_number,
              h.study_description};
  in.series_instance_uid = h.series_instance_uid;
  in.series.modality = h.modality;
  in.series.series_description = h.series_description;
  in.series.protocol_name = h.protocol_name;
  in.series.contrast_bolus_agent = h.contrast_bolus_agent;
  in.series.image_type = h.image_type;
  in.series.scanning_sequence = h.scanning_sequence;
  in.series.sequence_variant = h.sequence_variant;
  in.series.mr_acquisition_type = h.mr_acquisition_type;
  in.series.repetition_time_ms = h.repetition_time_ms;
  in.series.echo_time_ms = h.echo_time_ms;
  in.series.inversion_time_ms = h.inversion_time_ms;
  in.series.slice_thickness_mm = h.slice_thickness_mm;
  in.series.series_number = h.series_number;
  in.sop_instance_uid = h.sop_instance_uid;
  in.sop_class_uid = h.sop_class_uid;
  in.transfer_syntax_uid = h.transfer_syntax_uid;
  in.instance_number = h.instance_number;
  return in;
}

}  // namespace

std::mutex& InstanceStore::lockFor(std::string_view sop_instance_uid) {
  return uid_locks_[std::hash<std::string_view>{}(sop_instance_uid) % uid_locks_.size()];
}

StoreResult InstanceStore::store(const dicom::InstanceHeader& header, std::string_view file_bytes,
                                 std::optional<std::int64_t> association_ref, double now) {
  std::lock_guard lock(lockFor(header.sop_instance_uid));
  if (const auto existing = index_.instanceFilePath(header.sop_instance_uid)) {
    if (files_.hasSameContent(*existing, file_bytes)) return {StoreOutcome::duplicate};
    const auto aside = files_.conflictPath(header.sop_instance_uid);
    files_.writeDurably(aside, file_bytes);
    index_.addInstanceConflict(header.sop_instance_uid, aside.string(), now, association_ref);
    spdlog::warn("instance {} arrived again with different content; kept aside as {}",
                 header.sop_instance_uid, aside.string());
    return {StoreOutcome::kept_aside};
  }
  const auto path = storage::FileStore::instancePath(
      header.study_instance_uid, header.series_instance_uid, header.sop_instance_uid);
  files_.writeDurably(path, file_bytes);
  auto incoming = toIncoming(header);
  incoming.file_path = path.string();
  incoming.file_size = static_cast<std::int64_t>(file_bytes.size());
  incoming.received_at = now;
  incoming.association_ref = association_ref;
  const auto indexed = index_.addInstance(incoming);
  if (indexed.new_identity_conflict) {
    // Names and IDs stay out of the log; the series UID lets an administrator find the patient.
    spdlog::warn("patient of series {} will not be analysed: {}", header.series_instance_uid,
                 *indexed.new_identity_conflict);
  }
  return {StoreOutcome::stored, indexed.series_ref};
}

}  // namespace everynet::service
