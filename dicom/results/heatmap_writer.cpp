#include "dicom/results/heatmap_writer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "dicom/internal/check.h"
#include "dicom/mr_series_writer.h"
#include "dicom/results/internal/heatmap_image.h"
#include "dicom/results/internal/result_dataset.h"

namespace everynet::dicom {
namespace {

using internal::check;
using internal::putText;

// Slices are enlarged to at least this many columns so that the 5x7 text is legible.
constexpr int kMinimumWidth = 256;

// Patient Orientation from the direction of a row and of a column: the dominant LPS letters.
std::string orientationLetters(const double* direction) {
  std::string letters;
  const char positive[3] = {'L', 'P', 'H'};
  const char negative[3] = {'R', 'A', 'F'};
  int axes[3] = {0, 1, 2};
  std::sort(axes, axes + 3,
            [&](int a, int b) { return std::abs(direction[a]) > std::abs(direction[b]); });
  for (const int axis : axes) {
    if (std::abs(direction[axis]) < 0.1) break;
    letters += direction[axis] > 0 ? positive[axis] : negative[axis];
  }
  return letters;
}

void putCommon(DcmDataset& dataset, const SourceSeries& followup,
               const ResultSeriesOptions& options, const std::string& series_uid,
               const internal::CreationStamp& stamp) {
  internal::putSourceContext(dataset, followup);
  internal::putResultSeries(dataset, options, series_uid, "EveryNet change heatmap",
                            followup.modality, stamp);
  putText(dataset, DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
  putText(dataset, DCM_ConversionType, "WSD");
  putText(dataset, DCM_ImageType, "DERIVED\\SECONDARY");
  putText(dataset, DCM_DerivationDescription,
          "Follow-up T1ce with EveryNet tumour change overlay (growth red-orange, reduction "
          "blue-cyan); research use, not for diagnostic use");
  putText(dataset, DCM_BurnedInAnnotation, "YES");
  putText(dataset, DCM_BodyPartExamined, "BRAIN");  // unpaired: no Laterality needed
  putText(dataset, DCM_LossyImageCompression, "00");
  putText(dataset, DCM_FrameOfReferenceUID, followup.frame_of_reference_uid);
  check(dataset.putAndInsertUint16(DCM_SamplesPerPixel, 3), "set Samples per Pixel");
  putText(dataset, DCM_PhotometricInterpretation, "RGB");
  check(dataset.putAndInsertUint16(DCM_PlanarConfiguration, 0), "set Planar Configuration");
  check(dataset.putAndInsertUint16(DCM_BitsAllocated, 8), "set Bits Allocated");
  check(dataset.putAndInsertUint16(DCM_BitsStored, 8), "set Bits Stored");
  check(dataset.putAndInsertUint16(DCM_HighBit, 7), "set High Bit");
  check(dataset.putAndInsertUint16(DCM_PixelRepresentation, 0), "set Pixel Representation");
}

// The plane of an enlarged slice: pixel (0, 0)'s centre moves towards the original pixel's corner.
void putPlane(DcmDataset& dataset, const SourceInstance& instance, int factor) {
  const auto& o = instance.image_orientation;
  const double shift = (factor - 1) / (2.0 * factor);
  double position[3];
  for (int axis = 0; axis < 3; ++axis) {
    position[axis] =
        instance.image_position_mm[axis] - shift * (o[axis] * instance.pixel_spacing_mm[1] +
                                                    o[3 + axis] * instance.pixel_spacing_mm[0]);
  }
  const double spacing[2] = {instance.pixel_spacing_mm[0] / factor,
                             instance.pixel_spacing_mm[1] / factor};
  putText(dataset, DCM_ImagePositionPatient, internal::decimalStrings(position, 3));
  putText(dataset, DCM_ImageOrientationPatient, internal::decimalStrings(o.data(), 6));
  putText(dataset, DCM_PixelSpacing, internal::decimalStrings(spacing, 2));
  putText(dataset, DCM_PatientOrientation,
          orientationLetters(o.data()) + "\\" + orientationLetters(o.data() + 3));
}

void putSourceImage(DcmDataset& dataset, const SourceInstance& instance) {
  DcmItem* item = nullptr;
  check(dataset.findOrCreateSequenceItem(DCM_SourceImageSequence, item, -2),
        "add Source Image Sequence item");
  putText(*item, DCM_ReferencedSOPClassUID, instance.sop_class_uid);
  putText(*item, DCM_ReferencedSOPInstanceUID, instance.sop_instance_uid);
}

std::string fileName(std::size_t index) {
  char name[32];
  std::snprintf(name, sizeof(name), "SC%05zu.dcm", index + 1);
  return name;
}

}  // namespace

WrittenSeries writeHeatmapSeries(const SourceSeries& followup, const HeatmapLayers& layers,
                                 const ResultSeriesOptions& options) {
  internal::requireOnSeriesGrid(layers.followup_image, followup, "heatmap follow-up image");
  internal::requireOnSeriesGrid(layers.ternary, followup, "heatmap ternary map");
  if (layers.change_map != nullptr) {
    internal::requireOnSeriesGrid(*layers.change_map, followup, "heatmap change map");
  }
  std::filesystem::create_directories(options.directory);
  const int columns = layers.followup_image.image.size[0];
  const int rows = layers.followup_image.image.size[1];
  const int factor = columns >= kMinimumWidth ? 1 : (kMinimumWidth + columns - 1) / columns;
  const internal::GreyWindow window =
      internal::percentileWindow(layers.followup_image.image.voxels);
  const internal::CreationStamp stamp = internal::now();

  WrittenSeries written{newUid(), {}};
  DcmDataset dataset;
  putCommon(dataset, followup, options, written.series_instance_uid, stamp);
  check(dataset.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(rows * factor)), "set Rows");
  check(dataset.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(columns * factor)),
        "set Columns");
  const std::size_t slice_voxels = static_cast<std::size_t>(columns) * rows;
  for (std::size_t slice = 0; slice < followup.instances.size(); ++slice) {
    const SourceInstance& instance = followup.instances[slice];
    const std::size_t offset = slice * slice_voxels;
    internal::RgbImage image = internal::renderChangeOverlay(
        layers.followup_image.image.voxels.data() + offset,
        layers.ternary.image.voxels.data() + offset,
        layers.change_map == nullptr ? nullptr : layers.change_map->image.voxels.data() + offset,
        columns, rows, factor, window);
    internal::burnInAnnotations(image);

    const std::string sop_instance_uid = newUid();
    putText(dataset, DCM_SOPInstanceUID, sop_instance_uid);
    putText(dataset, DCM_InstanceNumber, std::to_string(slice + 1));
    putPlane(dataset, instance, factor);
    dataset.findAndDeleteElement(DCM_SourceImageSequence);
    putSourceImage(dataset, instance);
    check(dataset.putAndInsertUint8Array(DCM_PixelData, image.rgb.data(), image.rgb.size()),
          "set Pixel Data");
    const std::filesystem::path path = options.directory / fileName(slice);
    internal::saveDurably(dataset, path);
    written.instances.push_back({path, UID_SecondaryCaptureImageStorage, sop_instance_uid});
  }
  return written;
}

}  // namespace everynet::dicom
