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

#include "dicom/results/internal/result_dataset.h"

namespace everynet::dicom {
namespace {

using Vector3 = std::array<double, 3>;

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

double dot(const Vector3& a, const Vector3& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

// Far beyond any head: a mask this large is a hostile or broken SEG, not a tumour. Checked before
// anything is allocated, since a frame's position alone would otherwise size the mask.
constexpr long kMaxMaskSlices = 4096;
constexpr std::size_t kMaxMaskVoxels = std::size_t{1} << 28;

struct FramePlane {
  std::size_t frame = 0;
  Vector3 position{};
};

}  // namespace

TumourSegmentation readTumourSegmentation(const std::filesystem::path& path) {
  DcmFileFormat file;
  if (file.loadFile(path.c_str()).bad()) refuse(path, "not a readable DICOM file");
  DcmDataset& dataset = *file.getDataset();
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

  TumourSegmentation result;
  int best_rank = 0;
  int candidates = 0;
  for (std::size_t number = 1; number <= segmentation->getNumberOfSegments(); ++number) {
    DcmSegment* segment = segmentation->getSegment(number);
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

  OFVector<size_t> frames;
  segmentation->getFramesForSegment(static_cast<size_t>(result.segment_number), frames);
  if (frames.empty()) refuse(path, "segment " + result.segment_label + " has no frames");

  FGInterface& groups = segmentation->getFunctionalGroups();
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
    std::array<double, 3> s{0, 0, 0};  // between rows, between columns, between slices
    if (group == nullptr || group->getPixelSpacing(s[0], 0).bad() ||
        group->getPixelSpacing(s[1], 1).bad() || s[0] <= 0 || s[1] <= 0) {
      refuse(path, "frame " + std::to_string(frame + 1) + " has no Pixel Spacing");
    }
    if (group->getSpacingBetweenSlices(s[2]).bad()) s[2] = 0;
    return s;
  };

  const std::array<double, 6> orientation = orientation_of(frames.front());
  const std::array<double, 3> spacing = spacing_of(frames.front());
  std::vector<FramePlane> planes;
  for (const size_t frame : frames) {
    const std::array<double, 6> o = orientation_of(frame);
    const std::array<double, 3> s = spacing_of(frame);
    for (int index = 0; index < 6; ++index) {
      if (std::abs(o[index] - orientation[index]) > 1e-4) {
        refuse(path, "frames differ in orientation");
      }
    }
    if (std::abs(s[0] - spacing[0]) > 1e-4 || std::abs(s[1] - spacing[1]) > 1e-4) {
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
    planes.push_back(plane);
  }

  const Vector3 row{orientation[0], orientation[1], orientation[2]};
  const Vector3 column{orientation[3], orientation[4], orientation[5]};
  const Vector3 normal = internal::sliceNormal(orientation);
  std::sort(planes.begin(), planes.end(), [&](const auto& a, const auto& b) {
    return dot(normal, a.position) < dot(normal, b.position);
  });
  double step = spacing[2];
  if (step <= 0) {
    step = planes.size() > 1 ? 0 : spacing[0];
    for (std::size_t index = 1; index < planes.size(); ++index) {
      const double gap =
          dot(normal, planes[index].position) - dot(normal, planes[index - 1].position);
      if (step == 0 || gap < step) step = gap;
    }
  }
  if (step < 1e-3) refuse(path, "two frames of the segment share a position");

  const Vector3 origin = planes.front().position;
  std::vector<int> slice_of_plane;
  for (const FramePlane& plane : planes) {
    const Vector3 offset{plane.position[0] - origin[0], plane.position[1] - origin[1],
                         plane.position[2] - origin[2]};
    if (std::abs(dot(row, offset)) > 0.05 || std::abs(dot(column, offset)) > 0.05) {
      refuse(path, "frames are shifted against each other within their plane");
    }
    const double steps = dot(normal, offset) / step;
    const long slice = std::lround(steps);
    if (std::abs(steps - static_cast<double>(slice)) > 0.01) {
      refuse(path, "a frame lies off the slice step of " + std::to_string(step) + " mm");
    }
    if (!slice_of_plane.empty() && slice == slice_of_plane.back()) {
      refuse(path, "two frames of the segment share a position");
    }
    if (slice >= kMaxMaskSlices) {
      refuse(path, "the frames span more than " + std::to_string(kMaxMaskSlices) + " slices");
    }
    slice_of_plane.push_back(static_cast<int>(slice));
  }

  Uint16 rows = 0;
  Uint16 columns = 0;
  dataset.findAndGetUint16(DCM_Rows, rows);
  dataset.findAndGetUint16(DCM_Columns, columns);
  if (rows == 0 || columns == 0) refuse(path, "no Rows or Columns");
  if (std::size_t{columns} * rows * static_cast<std::size_t>(slice_of_plane.back() + 1) >
      kMaxMaskVoxels) {
    refuse(path, "the mask would hold more than " + std::to_string(kMaxMaskVoxels) + " voxels");
  }
  ResultVolume& mask = result.mask;
  mask.size = {columns, rows, slice_of_plane.back() + 1};
  mask.spacing_mm = {spacing[1], spacing[0], step};
  mask.origin_mm = origin;
  mask.direction = {row[0],    column[0], normal[0], row[1],   column[1],
                    normal[1], row[2],    column[2], normal[2]};
  mask.voxels.assign(static_cast<std::size_t>(columns) * rows * mask.size[2], 0.0f);
  const std::size_t slice_voxels = static_cast<std::size_t>(columns) * rows;
  for (std::size_t index = 0; index < planes.size(); ++index) {
    const DcmIODTypes::Frame* frame = segmentation->getFrame(planes[index].frame);
    if (frame == nullptr)
      refuse(path, "frame " + std::to_string(planes[index].frame + 1) + " missing");
    // DCMTK may hand out the frame packed (1 bit per pixel) or unpacked (1 byte per pixel).
    std::unique_ptr<DcmIODTypes::Frame> unpacked;
    const Uint8* pixels = frame->pixData;
    if (frame->length < slice_voxels) {
      unpacked.reset(DcmSegUtils::unpackBinaryFrame(frame, rows, columns));
      if (!unpacked) refuse(path, "cannot unpack a frame");
      pixels = unpacked->pixData;
    }
    float* slice =
        mask.voxels.data() + static_cast<std::size_t>(slice_of_plane[index]) * slice_voxels;
    for (std::size_t voxel = 0; voxel < slice_voxels; ++voxel) {
      if (pixels[voxel] != 0) slice[voxel] = 1.0f;
    }
  }

  OFString study;
  OFString frame_of_reference;
  dataset.findAndGetOFString(DCM_StudyInstanceUID, study);
  dataset.findAndGetOFString(DCM_FrameOfReferenceUID, frame_of_reference);
  result.study_instance_uid = study.c_str();
  result.frame_of_reference_uid = frame_of_reference.c_str();
  return result;
}

}  // namespace everynet::dicom
