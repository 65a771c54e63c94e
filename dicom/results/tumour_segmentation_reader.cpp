#include "dicom/results/tumour_segmentation_reader.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "engine/geometry/slice_stack.h"

namespace everynet::dicom {
namespace {

using geometry::dot;
using geometry::Vector3;

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& reason) {
  throw std::runtime_error("tumour segmentation " + path.string() + ": " + reason);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

// 1 (best) .. 4, or 0 when the segment is no enhancing tumour.
int matchRank(DcmSegment& segment) {
  OFString label_value;
  segment.getSegmentLabel(label_value);
  const std::string label = lower(label_value.c_str());
  OFString type;
  segment.getSegmentedPropertyTypeCode().getCodeValue(type);
  const std::string code = type.c_str();
  const bool non_enhancing = contains(label, "non-enhancing") || contains(label, "nonenhancing") ||
                             contains(label, "non enhancing");
  if (contains(label, "enhancing") && !non_enhancing) return 1;
  if (code == "C113842") return 2;
  if (!non_enhancing && (contains(label, "tumour") || contains(label, "tumor"))) return 3;
  if (code == "108369006" || code == "86049000" || code == "14799000") return 4;
  return 0;
}

// Far beyond any head: a mask this large is a hostile or broken SEG, not a tumour. Checked before
// anything is allocated, since a frame's position alone would otherwise size the mask.
constexpr long kMaxMaskSlices = 4096;
constexpr std::size_t kMaxMaskVoxels = std::size_t{1} << 28;

struct FramePlane {
  std::size_t frame = 0;
  Vector3 position{};
};

const Vector3& positionOf(const FramePlane& plane) {
  return plane.position;
}

// The file's segmentation, when it is a binary SEG.
std::unique_ptr<DcmSegmentation> loadBinarySegmentation(const std::filesystem::path& path,
                                                        DcmDataset& dataset) {
  // DCMTK's loader leaks what it made when it refuses a dataset: other classes are refused here.
  OFString sop_class;
  dataset.findAndGetOFString(DCM_SOPClassUID, sop_class);
  if (sop_class != UID_SegmentationStorage) refuse(path, "not a SEG: another SOP class");
  DcmSegmentation* loaded = nullptr;
  const OFCondition parsed = DcmSegmentation::loadDataset(dataset, loaded);
  std::unique_ptr<DcmSegmentation> segmentation(loaded);
  if (parsed.bad() || !segmentation) refuse(path, std::string("not a SEG: ") + parsed.text());
  if (segmentation->getSegmentationType() != DcmSegTypes::ST_BINARY) {
    refuse(path, "only binary segmentations are read");
  }
  return segmentation;
}

// Sets the number and label of the one segment that is the enhancing tumour.
void chooseTumourSegment(const std::filesystem::path& path, DcmSegmentation& segmentation,
                         TumourSegmentation& result) {
  int best_rank = 0;
  int candidates = 0;
  for (std::size_t number = 1; number <= segmentation.getNumberOfSegments(); ++number) {
    DcmSegment* segment = segmentation.getSegment(number);
    if (segment == nullptr) continue;
    const int rank = matchRank(*segment);
    if (rank == 0) continue;
    if (best_rank == 0 || rank < best_rank) {
      best_rank = rank;
      candidates = 0;
    }
    if (rank == best_rank) {
      ++candidates;
      OFString label;
      segment->getSegmentLabel(label);
      result.segment_number = static_cast<int>(number);
      result.segment_label = label.c_str();
    }
  }
  if (best_rank == 0) refuse(path, "no enhancing-tumour segment");
  if (candidates > 1) refuse(path, "several segments could be the enhancing tumour");
}

// Where a segment's frames lie: one orientation and pixel spacing for all, a position each.
struct FrameGeometry {
  std::array<double, 6> orientation{};
  std::array<double, 3> spacing{};  // between rows, between columns, between slices (0: none)
  std::vector<FramePlane> planes;   // sorted along the slice normal
  Vector3 row{}, column{}, normal{};
};

FrameGeometry frameGeometry(const std::filesystem::path& path, DcmSegmentation& segmentation,
                            const OFVector<size_t>& frames) {
  FGInterface& groups = segmentation.getFunctionalGroups();
  const auto orientation_of = [&](std::size_t frame) {
    auto* group = dynamic_cast<FGPlaneOrientationPatient*>(
        groups.get(static_cast<Uint32>(frame), DcmFGTypes::EFG_PLANEORIENTPATIENT));
    std::array<double, 6> o{};
    if (group == nullptr ||
        group->getImageOrientationPatient(o[0], o[1], o[2], o[3], o[4], o[5]).bad()) {
      refuse(path, "frame " + std::to_string(frame + 1) + " has no Image Orientation (Patient)");
    }
    return o;
  };
  const auto spacing_of = [&](std::size_t frame) {
    auto* group = dynamic_cast<FGPixelMeasures*>(
        groups.get(static_cast<Uint32>(frame), DcmFGTypes::EFG_PIXELMEASURES));
    std::array<double, 3> s{0, 0, 0};
    if (group == nullptr || group->getPixelSpacing(s[0], 0).bad() ||
        group->getPixelSpacing(s[1], 1).bad() || s[0] <= 0 || s[1] <= 0) {
      refuse(path, "frame " + std::to_string(frame + 1) + " has no Pixel Spacing");
    }
    if (group->getSpacingBetweenSlices(s[2]).bad()) s[2] = 0;
    return s;
  };

  FrameGeometry geometry;
  geometry.orientation = orientation_of(frames.front());
  geometry.spacing = spacing_of(frames.front());
  for (const size_t frame : frames) {
    const std::array<double, 6> o = orientation_of(frame);
    const std::array<double, 3> s = spacing_of(frame);
    for (int index = 0; index < 6; ++index) {
      if (std::abs(o[index] - geometry.orientation[index]) > 1e-4) {
        refuse(path, "frames differ in orientation");
      }
    }
    if (std::abs(s[0] - geometry.spacing[0]) > 1e-4 ||
        std::abs(s[1] - geometry.spacing[1]) > 1e-4) {
      refuse(path, "frames differ in pixel spacing");
    }
    auto* position = dynamic_cast<FGPlanePosPatient*>(
        groups.get(static_cast<Uint32>(frame), DcmFGTypes::EFG_PLANEPOSPATIENT));
    FramePlane plane{frame, {}};
    if (position == nullptr ||
        position->getImagePositionPatient(plane.position[0], plane.position[1], plane.position[2])
            .bad()) {
      refuse(path, "frame " + std::to_string(frame + 1) + " has no Image Position (Patient)");
    }
    geometry.planes.push_back(plane);
  }
  const auto& o = geometry.orientation;
  geometry.row = {o[0], o[1], o[2]};
  geometry.column = {o[3], o[4], o[5]};
  geometry.normal = geometry::sliceNormal(o);
  geometry::sortAlongNormal(geometry.planes, geometry.normal, positionOf);
  return geometry;
}

// The slice step (mm) and each plane's slice on it, from the first plane on.
struct SliceGrid {
  double step = 0;
  std::vector<int> slice_of_plane;
};

SliceGrid sliceGrid(const std::filesystem::path& path, const FrameGeometry& geometry) {
  const auto& planes = geometry.planes;
  const Vector3& normal = geometry.normal;
  SliceGrid grid;
  grid.step = geometry.spacing[2];
  if (grid.step <= 0) {
    grid.step = planes.size() > 1 ? 0 : geometry.spacing[0];
    for (const double gap : geometry::gapsAlongNormal(planes, normal, positionOf)) {
      if (grid.step == 0 || gap < grid.step) grid.step = gap;
    }
  }
  if (grid.step < 1e-3) refuse(path, "two frames of the segment share a position");

  const Vector3 origin = planes.front().position;
  for (const FramePlane& plane : planes) {
    const Vector3 offset{plane.position[0] - origin[0], plane.position[1] - origin[1],
                         plane.position[2] - origin[2]};
    if (std::abs(dot(geometry.row, offset)) > 0.05 ||
        std::abs(dot(geometry.column, offset)) > 0.05) {
      refuse(path, "frames are shifted against each other within their plane");
    }
    const double steps = dot(normal, offset) / grid.step;
    const long slice = std::lround(steps);
    if (std::abs(steps - static_cast<double>(slice)) > 0.01) {
      refuse(path, "a frame lies off the slice step of " + std::to_string(grid.step) + " mm");
    }
    if (!grid.slice_of_plane.empty() && slice == grid.slice_of_plane.back()) {
      refuse(path, "two frames of the segment share a position");
    }
    if (slice >= kMaxMaskSlices) {
      refuse(path, "the frames span more than " + std::to_string(kMaxMaskSlices) + " slices");
    }
    grid.slice_of_plane.push_back(static_cast<int>(slice));
  }
  return grid;
}

// The mask on the frames' grid: 1 where any of the segment's frames marks a pixel.
geometry::PatientVolume maskOf(const std::filesystem::path& path, DcmSegmentation& segmentation,
                               DcmDataset& dataset, const FrameGeometry& geometry,
                               const SliceGrid& grid) {
  Uint16 rows = 0;
  Uint16 columns = 0;
  dataset.findAndGetUint16(DCM_Rows, rows);
  dataset.findAndGetUint16(DCM_Columns, columns);
  if (rows == 0 || columns == 0) refuse(path, "no Rows or Columns");
  const std::size_t slice_voxels = static_cast<std::size_t>(columns) * rows;
  const int slices = grid.slice_of_plane.back() + 1;
  if (slice_voxels * static_cast<std::size_t>(slices) > kMaxMaskVoxels) {
    refuse(path, "the mask would hold more than " + std::to_string(kMaxMaskVoxels) + " voxels");
  }
  geometry::PatientVolume mask{
      geometry::Volume::zeros({columns, rows, slices},
                              {geometry.spacing[1], geometry.spacing[0], grid.step}),
      geometry.planes.front().position, geometry::stackDirection(geometry.orientation)};
  for (std::size_t index = 0; index < geometry.planes.size(); ++index) {
    const DcmIODTypes::Frame* frame = segmentation.getFrame(geometry.planes[index].frame);
    if (frame == nullptr) {
      refuse(path, "frame " + std::to_string(geometry.planes[index].frame + 1) + " missing");
    }
    // DCMTK may hand out the frame packed (1 bit per pixel) or unpacked (1 byte per pixel).
    std::unique_ptr<DcmIODTypes::Frame> unpacked;
    const Uint8* pixels = frame->pixData;
    if (frame->length < slice_voxels) {
      unpacked.reset(DcmSegUtils::unpackBinaryFrame(frame, rows, columns));
      if (!unpacked) refuse(path, "cannot unpack a frame");
      pixels = unpacked->pixData;
    }
    float* slice = mask.image.voxels.data() +
                   static_cast<std::size_t>(grid.slice_of_plane[index]) * slice_voxels;
    for (std::size_t voxel = 0; voxel < slice_voxels; ++voxel) {
      if (pixels[voxel] != 0) slice[voxel] = 1.0f;
    }
  }
  return mask;
}

// The mask of one segment on its frames' grid.
geometry::PatientVolume segmentMask(const std::filesystem::path& path,
                                    DcmSegmentation& segmentation, DcmDataset& dataset,
                                    int segment_number, const std::string& label) {
  OFVector<size_t> frames;
  segmentation.getFramesForSegment(static_cast<size_t>(segment_number), frames);
  if (frames.empty()) refuse(path, "segment " + label + " has no frames");
  const FrameGeometry geometry = frameGeometry(path, segmentation, frames);
  return maskOf(path, segmentation, dataset, geometry, sliceGrid(path, geometry));
}

}  // namespace

TumourSegmentation readTumourSegmentation(const std::filesystem::path& path) {
  DcmFileFormat file;
  if (file.loadFile(path.c_str()).bad()) refuse(path, "not a readable DICOM file");
  DcmDataset& dataset = *file.getDataset();
  const auto segmentation = loadBinarySegmentation(path, dataset);

  TumourSegmentation result;
  chooseTumourSegment(path, *segmentation, result);
  result.mask =
      segmentMask(path, *segmentation, dataset, result.segment_number, result.segment_label);

  OFString study;
  OFString frame_of_reference;
  dataset.findAndGetOFString(DCM_StudyInstanceUID, study);
  dataset.findAndGetOFString(DCM_FrameOfReferenceUID, frame_of_reference);
  result.study_instance_uid = study.c_str();
  result.frame_of_reference_uid = frame_of_reference.c_str();
  return result;
}

double segmentVolumeMl(const std::filesystem::path& path, const std::string& label) {
  DcmFileFormat file;
  if (file.loadFile(path.c_str()).bad()) refuse(path, "not a readable DICOM file");
  DcmDataset& dataset = *file.getDataset();
  const auto segmentation = loadBinarySegmentation(path, dataset);
  for (std::size_t number = 1; number <= segmentation->getNumberOfSegments(); ++number) {
    DcmSegment* segment = segmentation->getSegment(number);
    OFString segment_label;
    if (segment == nullptr || segment->getSegmentLabel(segment_label).bad() ||
        label != segment_label.c_str()) {
      continue;
    }
    OFVector<size_t> frames;
    segmentation->getFramesForSegment(number, frames);
    if (frames.empty()) return 0;
    const auto mask = segmentMask(path, *segmentation, dataset, static_cast<int>(number), label);
    return mask.image.maskVolumeMl();
  }
  refuse(path, "no segment labelled " + label);
}

}  // namespace everynet::dicom
