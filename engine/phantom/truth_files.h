#pragma once

#include <filesystem>

#include "engine/geometry/patient_volume.h"

namespace everynet::engine {

// Writes a 0/1 mask as an 8-bit NIfTI-1 file (.nii or .nii.gz) with its geometry (ITK turns
// DICOM's LPS into NIfTI's RAS). Throws std::runtime_error naming the file when it cannot.
void writeMaskNifti(const geometry::PatientVolume& mask, const std::filesystem::path& file);

}  // namespace everynet::engine
