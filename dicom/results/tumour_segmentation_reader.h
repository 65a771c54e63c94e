#pragma once

#include <filesystem>
#include <string>

#include "engine/geometry/patient_volume.h"

namespace everynet::dicom {

// An enhancing-tumour mask read from a DICOM Segmentation, in the SEG's own geometry.
struct TumourSegmentation {
  geometry::PatientVolume mask;  // 1 inside the segment, 0 elsewhere
  int segment_number = 0;
  std::string segment_label;
  std::string study_instance_uid;
  std::string frame_of_reference_uid;
};

// Reads the enhancing-tumour segment of a binary SEG (e.g. one the PACS sent with the baseline
// study; the caller checks that its study and Frame of Reference are the baseline's). The segment
// is chosen by, in this order: a label containing "enhancing" (case-insensitive, but not
// "non-enhancing"/"nonenhancing"); Segmented Property Type Enhancing Lesion (NCIt C113842); a
// label containing "tumour" or "tumor"; type Neoplasm (SCT 108369006, 86049000, 14799000). Its
// frames give the geometry: one shared orientation and pixel spacing, positions along the normal
// on a regular step (Spacing Between Slices, else the smallest gap); slices without a frame (empty
// frames may be left out) are zero. Throws std::runtime_error with the reason when the file is no
// binary SEG, no segment or several segments of the best kind match, or the frames are
// inconsistent (different in-plane offsets, duplicated positions, gaps off the step).
TumourSegmentation readTumourSegmentation(const std::filesystem::path& path);

// The volume (mL) a binary SEG's segment of this label marks: its pixels times the voxel of its
// frames' grid (as above), 0 for a segment without frames. For checking that a change SEG holds
// the regions its SR measures. Throws std::runtime_error as above, or when no segment has the
// label.
double segmentVolumeMl(const std::filesystem::path& path, const std::string& label);

}  // namespace everynet::dicom
