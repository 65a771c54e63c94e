#pragma once

#include "dicom/results/measurement_report.h"
#include "dicom/results/source_series.h"
#include "dicom/results/written_series.h"

namespace everynet::dicom {

// What the report refers to: the two source series and the change SEG written for them (see
// writeChangeSegmentation; its segments 1 growth and 2 reduction).
struct ReportReferences {
  const SourceSeries& baseline;
  const SourceSeries& followup;
  const WrittenSeries& change_segmentation;
};

// Writes a TID 1500 Measurement Report (Enhanced SR, SR00001.dcm in options.directory) in the
// follow-up's study, patient and character set:
// - language English; device observer EveryNet with the software version; procedure MRI;
// - volumetric ROI groups (TID 1411) "enhancing tumour growth" and "enhancing tumour reduction",
//   each referencing its SEG segment and the follow-up series, with Volume (cm3) and the algorithm
//   (TID 4019: name, version, parameters);
// - a measurement group (TID 1501) "enhancing tumour", time point "follow-up", method RANO
//   (C114879, NCIt): baseline and follow-up volume, change (cm3), change (%), growth and reduction
//   volume (codes of the 99EVERYNET scheme, see internal/report_codes.h), the response (112020,
//   DCM) as a code, the baseline volume's source and algorithm name, version and parameters
//   (111001/111003/111002, DCM) as text;
// - the summary line (reportSummary) as Narrative Summary (111412, DCM);
// - the baseline series in Pertinent Other Evidence; follow-up series and SEG in Current
//   Requested Procedure Evidence.
// Throws std::invalid_argument for an unknown RANO class or baseline source, std::runtime_error
// when the document cannot be built or written.
WrittenSeries writeMeasurementReport(const ReportReferences& references,
                                     const ChangeReportValues& values,
                                     const ResultSeriesOptions& options);

}  // namespace everynet::dicom
