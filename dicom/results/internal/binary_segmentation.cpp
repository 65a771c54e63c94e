#include "dicom/results/internal/binary_segmentation.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/cielabutil.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include <memory>
#include <stdexcept>

#include "dicom/internal/check.h"
#include "dicom/mr_series_writer.h"
#include "dicom/results/internal/result_dataset.h"

namespace everynet::dicom::internal {
namespace {

CodeSequenceMacro code(const CodedConcept& concept_name) {
  return CodeSequenceMacro(concept_name.value.c_str(), concept_name.scheme.c_str(),
                           concept_name.meaning.c_str());
}

std::unique_ptr<DcmSegment> makeSegment(const SegmentSpec& spec, const std::string& version) {
  DcmSegment* created = nullptr;
  check(DcmSegment::create(created, spec.label.c_str(), code(spec.category), code(spec.type),
                           DcmSegTypes::SAT_AUTOMATIC, "EveryNet"),
        "create segment " + spec.label);
  std::unique_ptr<DcmSegment> segment(created);
  check(segment->setSegmentDescription(spec.description.c_str()), "set Segment Description");
  if (spec.type_modifier) {
    segment->getSegmentedPropertyTypeModifierCode().push_back(
        new CodeSequenceMacro(code(*spec.type_modifier)));
  }
  AlgorithmIdentificationMacro algorithm;
  check(algorithm.getAlgorithmFamilyCode().set("123110", "DCM", "Artificial Intelligence"),
        "set Algorithm Family");
  check(algorithm.setAlgorithmName("EveryNet"), "set Algorithm Name");
  check(algorithm.setAlgorithmVersion(version.c_str()), "set Algorithm Version");
  check(segment->setSegmentationAlgorithmIdentification(algorithm),
        "set Segmentation Algorithm Identification");
  double l = 0, a = 0, b = 0;
  IODCIELabUtil::rgb2DicomLab(l, a, b, spec.display_rgb[0] / 255.0, spec.display_rgb[1] / 255.0,
                              spec.display_rgb[2] / 255.0);
  check(segment->setRecommendedDisplayCIELabValue(static_cast<Uint16>(l), static_cast<Uint16>(a),
                                                  static_cast<Uint16>(b)),
        "set Recommended Display CIELab Value");
  return segment;
}

void addSharedGroups(DcmSegmentation& segmentation, const SourceSeries& source,
                     const geometry::PatientVolume& grid) {
  const SourceInstance& first = source.instances.front();
  const auto& o = first.image_orientation;
  std::unique_ptr<FGPlaneOrientationPatient> orientation(FGPlaneOrientationPatient::createMinimal(
      decimalString(o[0]).c_str(), decimalString(o[1]).c_str(), decimalString(o[2]).c_str(),
      decimalString(o[3]).c_str(), decimalString(o[4]).c_str(), decimalString(o[5]).c_str()));
  check(segmentation.addForAllFrames(*orientation), "add Plane Orientation");
  FGPixelMeasures measures;
  check(measures.setPixelSpacing(decimalStrings(first.pixel_spacing_mm.data(), 2).c_str()),
        "set Pixel Spacing");
  check(measures.setSliceThickness(decimalString(grid.image.spacing_mm[2]).c_str()),
        "set Slice Thickness");
  check(measures.setSpacingBetweenSlices(decimalString(grid.image.spacing_mm[2]).c_str()),
        "set Spacing Between Slices");
  check(segmentation.addForAllFrames(measures), "add Pixel Measures");
}

void addDimensions(DcmSegmentation& segmentation) {
  const std::string organisation = newUid();
  IODMultiframeDimensionModule& dimensions = segmentation.getDimensions();
  check(
      dimensions.addDimensionIndex(DCM_ReferencedSegmentNumber, organisation.c_str(),
                                   DCM_SegmentIdentificationSequence, "Referenced Segment Number"),
      "add segment dimension");
  check(dimensions.addDimensionIndex(DCM_ImagePositionPatient, organisation.c_str(),
                                     DCM_PlanePositionSequence, "Image Position (Patient)"),
        "add position dimension");
}

void addReferencedSeries(DcmSegmentation& segmentation, const SourceSeries& source) {
  auto* series = new IODSeriesAndInstanceReferenceMacro::ReferencedSeriesItem;
  segmentation.getCommonInstanceReference().getReferencedSeriesItems().push_back(series);
  check(series->setSeriesInstanceUID(source.series_instance_uid.c_str()), "set referenced series");
  for (const SourceInstance& instance : source.instances) {
    auto* reference = new SOPInstanceReferenceMacro;
    series->getReferencedInstanceItems().push_back(reference);
    check(reference->setReferencedSOPClassUID(instance.sop_class_uid.c_str()),
          "set referenced SOP class");
    check(reference->setReferencedSOPInstanceUID(instance.sop_instance_uid.c_str()),
          "set referenced SOP instance");
  }
}

std::unique_ptr<FGDerivationImage> derivationFrom(const SourceInstance& instance) {
  ImageSOPInstanceReferenceMacro reference;
  check(reference.setReferencedSOPClassUID(instance.sop_class_uid.c_str()),
        "set derivation SOP class");
  check(reference.setReferencedSOPInstanceUID(instance.sop_instance_uid.c_str()),
        "set derivation SOP instance");
  OFVector<ImageSOPInstanceReferenceMacro> references;
  references.push_back(reference);
  std::unique_ptr<FGDerivationImage> derivation(FGDerivationImage::createMinimal(
      references, "EveryNet change analysis", CodeSequenceMacro("113076", "DCM", "Segmentation"),
      CodeSequenceMacro("121322", "DCM", "Source image for image processing operation")));
  if (!derivation) throw std::runtime_error("cannot create Derivation Image for a SEG frame");
  return derivation;
}

void addFrames(DcmSegmentation& segmentation, const SourceSeries& source, const SegmentSpec& spec,
               Uint16 segment_number) {
  const geometry::PatientVolume& volume = *spec.volume;
  const std::size_t slice_voxels =
      static_cast<std::size_t>(volume.image.size[0]) * volume.image.size[1];
  std::vector<Uint8> frame(slice_voxels);
  FGFrameContent content;
  for (std::size_t slice = 0; slice < source.instances.size(); ++slice) {
    const SourceInstance& instance = source.instances[slice];
    for (std::size_t voxel = 0; voxel < slice_voxels; ++voxel) {
      frame[voxel] = spec.includes(volume.image.voxels[slice * slice_voxels + voxel]) ? 1 : 0;
    }
    const auto& p = instance.image_position_mm;
    std::unique_ptr<FGPlanePosPatient> position(FGPlanePosPatient::createMinimal(
        decimalString(p[0]).c_str(), decimalString(p[1]).c_str(), decimalString(p[2]).c_str()));
    check(content.setDimensionIndexValues(segment_number, 0), "set segment index");
    check(content.setDimensionIndexValues(static_cast<Uint32>(slice + 1), 1), "set position index");
    std::unique_ptr<FGDerivationImage> derivation = derivationFrom(instance);
    OFVector<FGBase*> per_frame;
    per_frame.push_back(position.get());
    per_frame.push_back(&content);
    per_frame.push_back(derivation.get());
    check(segmentation.addFrame(frame.data(), segment_number, per_frame),
          "add frame of segment " + spec.label);
  }
}

}  // namespace

WrittenSeries writeBinarySegmentation(const SourceSeries& source,
                                      const std::vector<SegmentSpec>& segments,
                                      const ResultSeriesOptions& options, const std::string& what,
                                      const std::string& content_label) {
  if (segments.empty()) throw std::runtime_error("a segmentation needs a segment");
  for (const SegmentSpec& spec : segments) {
    requireOnSeriesGrid(*spec.volume, source, "segment " + spec.label);
  }
  const SourceInstance& first = source.instances.front();
  DcmSegmentation* created = nullptr;
  check(DcmSegmentation::createBinarySegmentation(
            created, static_cast<Uint16>(first.rows), static_cast<Uint16>(first.columns),
            IODGeneralEquipmentModule::EquipmentInfo("EveryNet", "EveryNet", "1",
                                                     options.software_version.c_str()),
            ContentIdentificationMacro("1", content_label.c_str(),
                                       seriesDescription(what, options).c_str(), "")),
        "create segmentation");
  std::unique_ptr<DcmSegmentation> segmentation(created);
  WrittenSeries written{newUid(), {}};
  check(segmentation->getSeries().setSeriesInstanceUID(written.series_instance_uid.c_str()),
        "set Series Instance UID");
  check(segmentation->getSeries().setSeriesNumber(std::to_string(options.series_number).c_str()),
        "set Series Number");
  check(segmentation->getStudy().setStudyInstanceUID(source.study_instance_uid.c_str()),
        "set Study Instance UID");
  check(segmentation->getFrameOfReference().setFrameOfReferenceUID(
            source.frame_of_reference_uid.c_str()),
        "set Frame of Reference UID");
  addDimensions(*segmentation);
  addSharedGroups(*segmentation, source, *segments.front().volume);
  addReferencedSeries(*segmentation, source);
  for (const SegmentSpec& spec : segments) {
    std::unique_ptr<DcmSegment> segment = makeSegment(spec, options.software_version);
    Uint16 number = 0;
    check(segmentation->addSegment(segment.get(), number), "add segment " + spec.label);
    segment.release();  // owned by the segmentation now
    addFrames(*segmentation, source, spec, number);
  }

  DcmDataset dataset;
  check(segmentation->writeDataset(dataset), "encode segmentation");
  const CreationStamp stamp = now();
  putSourceContext(dataset, source);
  putResultSeries(dataset, options, written.series_instance_uid, what, "SEG", stamp);
  OFString sop_instance_uid;
  check(dataset.findAndGetOFString(DCM_SOPInstanceUID, sop_instance_uid), "read SOP Instance UID");
  const std::filesystem::path path = options.directory / "SEG00001.dcm";
  std::filesystem::create_directories(options.directory);
  saveDurably(dataset, path);
  written.instances.push_back({path, UID_SegmentationStorage, sop_instance_uid.c_str()});
  return written;
}

}  // namespace everynet::dicom::internal
