#include "dicom/results/measurement_report_writer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmsr/cmr/tid1500.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include <algorithm>
#include <stdexcept>

#include "dicom/internal/check.h"
#include "dicom/mr_series_writer.h"
#include "dicom/results/change_segmentation_writer.h"
#include "dicom/results/internal/report_codes.h"
#include "dicom/results/internal/result_dataset.h"

namespace everynet::dicom {
namespace {

using internal::check;
using Report = TID1500_MeasurementReport;
using Value = CMR_TID1411_in_TID1500::MeasurementValue;

const DSRCodedEntryValue kEnhancingLesion{"C113842", "NCIt", "Enhancing Lesion"};
const DSRCodedEntryValue kBrain{"12738006", "SCT", "Brain"};
const DSRCodedEntryValue kVolume{"118565006", "SCT", "Volume"};
const char* kTimePoint = "follow-up";

Value cubicCentimetres(double value) {
  return Value(internal::decimalString(value).c_str(),
               CID7181_AbstractMultiDimensionalImageModelComponentUnits(
                   CID7181_AbstractMultiDimensionalImageModelComponentUnits::CubicCentimeter));
}

Value percent(double value) {
  return Value(internal::decimalString(value).c_str(),
               CID7181_AbstractMultiDimensionalImageModelComponentUnits(
                   DSRCodedEntryValue("%", "UCUM", "Percent")));
}

DSRCodedEntryValue responseCode(const std::string& rano_class) {
  for (const internal::RanoCode& code : internal::kRanoCodes) {
    if (rano_class == code.rano_class) return {code.code_value, "DCM", code.code_meaning};
  }
  throw std::invalid_argument("unknown modified RANO class '" + rano_class + "'");
}

bool notAssessable(const ChangeReportValues& values) {
  return values.rano_class == internal::kNotAssessable;
}

// A known class with its code, or not assessable with the reason the SR gives instead.
void requireKnownClass(const ChangeReportValues& values) {
  if (!notAssessable(values)) {
    responseCode(values.rano_class);
  } else if (values.not_assessable_reason.empty()) {
    throw std::invalid_argument("a modified RANO class not assessable needs its reason");
  }
}

void requireKnownSource(const std::string& source) {
  const auto* end = std::end(internal::kBaselineSources);
  if (std::find(std::begin(internal::kBaselineSources), end, source) == end) {
    throw std::invalid_argument("unknown baseline volume source '" + source + "'");
  }
}

// A TID 1411 group for one segment of the change SEG, measured as a Volume.
void addSegmentGroup(Report& report, const ReportReferences& references, int segment_number,
                     const char* tracking, double volume_ml, const ChangeReportValues& values) {
  const WrittenInstance& seg = references.change_segmentation.instances.front();
  check(report.addVolumetricROIMeasurements(), "add volumetric ROI group");
  CMR_TID1411_in_TID1500& group = report.getVolumetricROIMeasurements();
  check(group.setTrackingIdentifier(tracking), "set Tracking Identifier");
  check(group.setTrackingUniqueIdentifier(newUid().c_str()), "set Tracking UID");
  check(group.setFinding(kEnhancingLesion), "set Finding");
  check(group.setTimePoint(kTimePoint), "set Time Point");
  DSRImageReferenceValue segment(seg.sop_class_uid.c_str(), seg.sop_instance_uid.c_str());
  segment.getSegmentList().addItem(static_cast<Uint16>(segment_number));
  check(group.setReferencedSegment(segment), "set Referenced Segment");
  check(group.setSourceSeriesForSegmentation(references.followup.series_instance_uid.c_str()),
        "set Source Series for Segmentation");
  check(group.addFindingSite(kBrain), "add Finding Site");
  check(group.addMeasurement(kVolume, cubicCentimetres(volume_ml)), "add Volume");
  auto& measurement = group.getMeasurement();
  check(measurement.setAlgorithmIdentification(values.algorithm_name.c_str(),
                                               values.algorithm_version.c_str()),
        "set Algorithm Identification");
  if (!values.algorithm_parameters.empty()) {
    check(
        measurement.getAlgorithmIdentification().addParameter(values.algorithm_parameters.c_str()),
        "add Algorithm Parameters");
  }
}

// The TID 1501 group with the whole enhancing tumour's numbers and the response.
void addTumourGroup(Report& report, const ChangeReportValues& values) {
  check(report.addIndividualMeasurements(), "add measurement group");
  CMR_TID1501_in_TID1500& group = report.getIndividualMeasurements();
  check(group.setTrackingIdentifier("enhancing tumour"), "set Tracking Identifier");
  check(group.setTrackingUniqueIdentifier(newUid().c_str()), "set Tracking UID");
  check(group.setFinding(kEnhancingLesion), "set Finding");
  check(group.setTimePoint(kTimePoint), "set Time Point");
  check(group.setMeasurementMethod(CID6147_ResponseCriteria(CID6147_ResponseCriteria::RANO)),
        "set Measurement Method");
  check(group.addFindingSite(kBrain), "add Finding Site");
  const auto add = [&](const DSRCodedEntryValue& concept_name, const Value& value) {
    check(group.addMeasurement(concept_name, value),
          "add " + std::string(concept_name.getCodeMeaning()));
  };
  add(internal::baselineVolumeCode(), cubicCentimetres(values.baseline_ml));
  add(internal::followupVolumeCode(), cubicCentimetres(values.followup_ml));
  add(internal::volumeChangeCode(), cubicCentimetres(values.change_ml()));
  if (values.change_percent) add(internal::percentChangeCode(), percent(*values.change_percent));
  add(internal::growthVolumeCode(), cubicCentimetres(values.growth_ml));
  add(internal::reductionVolumeCode(), cubicCentimetres(values.reduction_ml));
  const auto text = [&](const DSRCodedEntryValue& concept_name, const std::string& value) {
    check(group.addQualitativeEvaluation(concept_name, value.c_str()),
          "add " + std::string(concept_name.getCodeMeaning()));
  };
  // The standard has no code for "not assessable" (internal/report_codes.h): no response then.
  if (notAssessable(values)) {
    text(internal::notAssessableReasonCode(), values.not_assessable_reason);
  } else {
    check(group.addQualitativeEvaluation(internal::responseEvaluationCode(),
                                         responseCode(values.rano_class)),
          "add Response Evaluation");
  }
  text(internal::baselineSourceCode(), values.baseline_source);
  text(internal::algorithmNameCode(), values.algorithm_name);
  text(internal::algorithmVersionCode(), values.algorithm_version);
  if (!values.algorithm_parameters.empty()) {
    text(internal::algorithmParametersCode(), values.algorithm_parameters);
  }
}

Report buildReport(const ReportReferences& references, const ChangeReportValues& values,
                   const std::string& software_version) {
  Report report(CID7021_MeasurementReportDocumentTitles(
      CID7021_MeasurementReportDocumentTitles::ImagingMeasurementReport));
  check(report.setLanguage(CID5000_Languages(CID5000_Languages::English)), "set Language");
  check(report.getObservationContext().addDeviceObserver(
            newUid().c_str(), ("EveryNet " + software_version).c_str(), "EveryNet", "EveryNet"),
        "add device observer");
  check(report.addProcedureReported(CID100_QuantitativeDiagnosticImagingProcedures(
            CID100_QuantitativeDiagnosticImagingProcedures::MRIUnspecifiedBodyRegion)),
        "add Procedure Reported");
  check(report.getImageLibrary().createNewImageLibrary(), "create Image Library");
  addSegmentGroup(report, references, kGrowthSegmentNumber, "enhancing tumour growth",
                  values.growth_ml, values);
  addSegmentGroup(report, references, kReductionSegmentNumber, "enhancing tumour reduction",
                  values.reduction_ml, values);
  addTumourGroup(report, values);
  check(report.addQualitativeEvaluation(internal::narrativeSummaryCode(),
                                        reportSummary(values).c_str()),
        "add summary");
  for (const std::string& caution : values.cautions) {
    check(report.addQualitativeEvaluation(internal::commentCode(), caution.c_str()), "add caution");
  }
  return report;
}

void addEvidence(DSRDocument& document, const ReportReferences& references) {
  for (const SourceInstance& instance : references.followup.instances) {
    check(document.getCurrentRequestedProcedureEvidence().addItem(
              references.followup.study_instance_uid.c_str(),
              references.followup.series_instance_uid.c_str(), instance.sop_class_uid.c_str(),
              instance.sop_instance_uid.c_str()),
          "add follow-up evidence");
  }
  for (const WrittenInstance& instance : references.change_segmentation.instances) {
    check(document.getCurrentRequestedProcedureEvidence().addItem(
              references.followup.study_instance_uid.c_str(),
              references.change_segmentation.series_instance_uid.c_str(),
              instance.sop_class_uid.c_str(), instance.sop_instance_uid.c_str()),
          "add SEG evidence");
  }
  for (const SourceInstance& instance : references.baseline.instances) {
    check(document.getPertinentOtherEvidence().addItem(
              references.baseline.study_instance_uid.c_str(),
              references.baseline.series_instance_uid.c_str(), instance.sop_class_uid.c_str(),
              instance.sop_instance_uid.c_str()),
          "add baseline evidence");
  }
}

}  // namespace

WrittenSeries writeMeasurementReport(const ReportReferences& references,
                                     const ChangeReportValues& values,
                                     const ResultSeriesOptions& options) {
  requireKnownClass(values);
  requireKnownSource(values.baseline_source);
  if (references.change_segmentation.instances.empty()) {
    throw std::invalid_argument("writeMeasurementReport: the change SEG has no instance");
  }
  Report report = buildReport(references, values, options.software_version);

  DSRDocument document(DSRTypes::DT_EnhancedSR);
  check(document.setTreeFromRootTemplate(report, OFTrue), "build the SR tree");
  check(document.createNewSeriesInStudy(references.followup.study_instance_uid.c_str()),
        "start the SR series");
  check(document.getCodingSchemeIdentification().addItem(internal::kPrivateScheme),
        "declare the private coding scheme");
  check(document.getCodingSchemeIdentification().setCodingSchemeName(
            "EveryNet tumour change quantities"),
        "name the private coding scheme");
  check(document.getCodingSchemeIdentification().setCodingSchemeResponsibleOrganization("EveryNet"),
        "set the private coding scheme's organisation");
  addEvidence(document, references);

  DcmDataset dataset;
  check(document.write(dataset), "encode the SR");
  OFString series_uid;
  OFString sop_instance_uid;
  check(dataset.findAndGetOFString(DCM_SeriesInstanceUID, series_uid), "read Series UID");
  check(dataset.findAndGetOFString(DCM_SOPInstanceUID, sop_instance_uid), "read SOP Instance UID");
  const internal::CreationStamp stamp = internal::now();
  internal::putSourceContext(dataset, references.followup);
  internal::putResultSeries(dataset, options, series_uid.c_str(), "EveryNet change report", "SR",
                            stamp);
  internal::putText(dataset, DCM_InstanceNumber, "1");

  std::filesystem::create_directories(options.directory);
  const std::filesystem::path path = options.directory / "SR00001.dcm";
  internal::saveDurably(dataset, path);
  OFString sop_class_uid;
  check(dataset.findAndGetOFString(DCM_SOPClassUID, sop_class_uid), "read SOP Class UID");
  return {series_uid.c_str(), {{path, sop_class_uid.c_str(), sop_instance_uid.c_str()}}};
}

}  // namespace everynet::dicom
