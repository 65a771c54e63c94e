#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/geometry/patient_volume.h"

namespace everynet::storage {
class FileStore;
class JobQueue;
}  // namespace everynet::storage

namespace everynet::service {

// The enhancing-tumour segmentation that came with the baseline study, if any: the newest DICOM
// SEG in that study with an enhancing-tumour segment (dicom::readTumourSegmentation) on the
// baseline's Frame of Reference, as a 0/1 mask in its own geometry. Segmentations without such a
// segment, e.g. EveryNet's own change segmentations, are passed over.
std::optional<geometry::PatientVolume> suppliedBaselineSegmentation(
    storage::JobQueue& jobs, const storage::FileStore& files,
    const std::string& baseline_series_uid, const std::string& baseline_frame_of_reference_uid);

}  // namespace everynet::service
