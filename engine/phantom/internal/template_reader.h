#pragma once

#include <filesystem>

#include "engine/geometry/patient_volume.h"

namespace everynet::engine::phantom {

// A NIfTI template (e.g. Colin27 from mricron-data) as a patient volume; ITK turns NIfTI's RAS
// into DICOM's LPS. Throws std::runtime_error naming the file when it cannot be read.
geometry::PatientVolume readTemplate(const std::filesystem::path& file);

}  // namespace everynet::engine::phantom
