#pragma once

#include <filesystem>

#include "engine/geometry/patient_volume.h"

namespace everynet::engine {

// NIfTI-1 files (.nii or .nii.gz) as patient volumes; ITK converts NIfTI's RAS to DICOM's LPS.
// Throws std::runtime_error with the file name when it cannot read or write.
geometry::PatientVolume readNifti(const std::filesystem::path& file);
void writeNifti(const geometry::PatientVolume& volume, const std::filesystem::path& file);

}  // namespace everynet::engine
