#include "service/ingest/incoming_instance.h"

namespace everynet::service {

storage::IncomingInstance incomingInstance(const dicom::InstanceHeader& h,
                                           const std::filesystem::path& file_path,
                                           std::int64_t file_size, double received_at) {
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
  in.file_path = file_path.string();
  in.file_size = file_size;
  in.received_at = received_at;
  return in;
}

}  // namespace everynet::service
