// The TID 1500 report: validity, values read back, the summary in dsrdump, the source context.
#include <dcmtk/dcmdata/dcdeftag.h>

#include <chrono>
#include <iostream>

#include "dicom/results/change_segmentation_writer.h"
#include "dicom/results/measurement_report_reader.h"
#include "dicom/results/measurement_report_writer.h"
#include "results_fixture.h"
#include "tests/support/process.h"

namespace everynet::dicom::test {
namespace {

using namespace std::chrono_literals;
using ReportTest = ResultsTest;

ChangeReportValues progression() {
  ChangeReportValues values;
  values.baseline_ml = 6.6;
  values.followup_ml = 12.9;
  values.growth_ml = 7.1;
  values.reduction_ml = 0.8;
  values.change_percent = 95.45;
  values.rano_class = "progression";
  values.baseline_source = "supplied segmentation";
  values.algorithm_name = "EveryNet personal WGAN-GP";
  values.algorithm_version = "0.9.1-test";
  values.algorithm_parameters = "profile=test threshold=0.15";
  return values;
}

TEST_F(ReportTest, WritesAValidReportWhoseValuesReadBack) {
  const WrittenSeries seg = writeChangeSegmentation(followup_, ternary(), options("seg"));
  const ChangeReportValues values = progression();
  const WrittenSeries sr =
      writeMeasurementReport({baseline_, followup_, seg}, values, options("sr"));
  ASSERT_EQ(sr.instances.size(), 1u);
  const std::filesystem::path path = sr.instances.front().path;
  std::cout << expectValidDicom(path);

  const auto file = load(path);
  expectSourceContext(*file->getDataset(), followup_);
  EXPECT_EQ(text(*file->getDataset(), DCM_Modality), "SR");
  EXPECT_EQ(text(*file->getDataset(), DCM_SeriesDescription), "EveryNet change report");
  EXPECT_EQ(text(*file->getDataset(), DCM_SOPInstanceUID), sr.instances.front().sop_instance_uid);

  const ReadMeasurementReport read = readMeasurementReport(path);
  EXPECT_DOUBLE_EQ(read.values.baseline_ml, values.baseline_ml);
  EXPECT_DOUBLE_EQ(read.values.followup_ml, values.followup_ml);
  EXPECT_DOUBLE_EQ(read.values.growth_ml, values.growth_ml);
  EXPECT_DOUBLE_EQ(read.values.reduction_ml, values.reduction_ml);
  ASSERT_TRUE(read.values.change_percent.has_value());
  EXPECT_DOUBLE_EQ(*read.values.change_percent, *values.change_percent);
  EXPECT_EQ(read.values.rano_class, "progression");
  EXPECT_EQ(read.values.baseline_source, "supplied segmentation");
  EXPECT_EQ(read.values.algorithm_name, values.algorithm_name);
  EXPECT_EQ(read.values.algorithm_version, values.algorithm_version);
  EXPECT_EQ(read.values.algorithm_parameters, values.algorithm_parameters);
  EXPECT_TRUE(read.values.cautions.empty());
  EXPECT_EQ(read.study_instance_uid, followup_.study_instance_uid);
  EXPECT_EQ(read.summary,
            "Enhancing tumour 6.6 -> 12.9 cm3 (+95%): progression (modified RANO). Research use, "
            "not for diagnostic use.");

  const everynet::test::RunResult dump =
      everynet::test::runCommand({"dsrdump", path.string()}, 60s);
  EXPECT_EQ(dump.exit_code, 0) << dump.output;
  EXPECT_NE(dump.output.find("Narrative Summary\")=\"Enhancing tumour 6.6 -> 12."),
            std::string::npos);
  // In full, with the referenced SEG's UID, when dsrdump is asked not to shorten.
  const everynet::test::RunResult full =
      everynet::test::runCommand({"dsrdump", "+Pl", "+Pu", path.string()}, 60s);
  EXPECT_EQ(full.exit_code, 0) << full.output;
  std::cout << full.output;
  EXPECT_NE(full.output.find(read.summary), std::string::npos);
  EXPECT_NE(full.output.find("\"12.9\" (cm3,UCUM"), std::string::npos);
  EXPECT_NE(full.output.find("(C114879,NCIt,\"RANO\")"), std::string::npos);
  EXPECT_NE(full.output.find("Target Lesion Progressive Disease"), std::string::npos);
  EXPECT_NE(full.output.find(seg.instances.front().sop_instance_uid), std::string::npos);
  EXPECT_EQ(full.output.find("rror"), std::string::npos);
}

TEST_F(ReportTest, SeriesNamesTheMethodThatMadeIt) {
  const WrittenSeries seg =
      writeChangeSegmentation(followup_, ternary(), methodOptions("seg", 9003, "personal WGAN"));
  const WrittenSeries sr = writeMeasurementReport({baseline_, followup_, seg}, progression(),
                                                  methodOptions("sr", 9002, "personal WGAN"));
  const std::filesystem::path path = sr.instances.front().path;
  std::cout << expectValidDicom(path);
  const auto file = load(path);
  EXPECT_EQ(text(*file->getDataset(), DCM_SeriesDescription),
            "EveryNet change report (personal WGAN)");
  EXPECT_EQ(text(*file->getDataset(), DCM_SeriesNumber), "9002");
}

TEST_F(ReportTest, LeavesOutThePercentChangeOfANewLesion) {
  const WrittenSeries seg = writeChangeSegmentation(followup_, ternary(), options("seg"));
  ChangeReportValues values = progression();
  values.baseline_ml = 0;
  values.followup_ml = 1.5;
  values.change_percent.reset();
  values.baseline_source = "automatic estimate";
  const WrittenSeries sr =
      writeMeasurementReport({baseline_, followup_, seg}, values, options("sr"));
  const ReadMeasurementReport read = readMeasurementReport(sr.instances.front().path);
  EXPECT_FALSE(read.values.change_percent.has_value());
  EXPECT_DOUBLE_EQ(read.values.followup_ml, 1.5);
  EXPECT_EQ(read.summary,
            "Enhancing tumour 0.0 -> 1.5 cm3 (new enhancement): progression (modified RANO). "
            "Research use, not for diagnostic use.");
}

TEST_F(ReportTest, CarriesTheCautionsAsCommentsThatTheSummaryPointsTo) {
  const WrittenSeries seg = writeChangeSegmentation(followup_, ternary(), options("seg"));
  ChangeReportValues values = progression();
  values.cautions = {"the baseline tumour was found automatically on 5.0 mm slices",
                     "the personal network's accuracy with the paper profile has not been "
                     "measured: compare the read-out with the images"};
  const WrittenSeries sr =
      writeMeasurementReport({baseline_, followup_, seg}, values, options("sr"));
  const std::filesystem::path path = sr.instances.front().path;
  std::cout << expectValidDicom(path);

  const ReadMeasurementReport read = readMeasurementReport(path);
  EXPECT_EQ(read.values.cautions, values.cautions);
  EXPECT_EQ(read.summary,
            "Enhancing tumour 6.6 -> 12.9 cm3 (+95%): progression (modified RANO). Check the 2 "
            "cautions in this report's comments. Research use, not for diagnostic use.");
  const everynet::test::RunResult full =
      everynet::test::runCommand({"dsrdump", "+Pl", "+Pc", path.string()}, 60s);
  EXPECT_EQ(full.exit_code, 0) << full.output;
  EXPECT_NE(full.output.find("(121106,DCM,\"Comment\")=\"the personal network's accuracy"),
            std::string::npos)
      << full.output;
}

// The standard has no response code for "not assessable": the report leaves the response out,
// gives the reason in its place and in the summary, and stays valid.
TEST_F(ReportTest, AClassNotAssessableLeavesTheResponseOutAndSaysWhy) {
  const WrittenSeries seg = writeChangeSegmentation(followup_, ternary(), options("seg"));
  ChangeReportValues values = progression();
  values.baseline_ml = 0;
  values.followup_ml = 8.1;
  values.change_percent.reset();
  values.baseline_source = "automatic estimate";
  values.rano_class = "not assessable";
  values.not_assessable_reason = "no measurable enhancing tumour found on the baseline";
  values.cautions = {"the automatic estimate of the baseline tumour (0.00 mL) cannot be trusted"};
  const WrittenSeries sr =
      writeMeasurementReport({baseline_, followup_, seg}, values, options("sr"));
  const std::filesystem::path path = sr.instances.front().path;
  std::cout << expectValidDicom(path);

  const ReadMeasurementReport read = readMeasurementReport(path);
  EXPECT_EQ(read.values.rano_class, "not assessable");
  EXPECT_EQ(read.values.not_assessable_reason, values.not_assessable_reason);
  EXPECT_DOUBLE_EQ(read.values.followup_ml, 8.1);
  EXPECT_EQ(read.values.cautions, values.cautions);
  EXPECT_EQ(read.summary,
            "Enhancing tumour 0.0 -> 8.1 cm3 (new enhancement); modified RANO: not assessable (no "
            "measurable enhancing tumour found on the baseline): a segmentation of the baseline "
            "tumour (DICOM SEG) gives a class. Check the 1 caution in this report's comments. "
            "Research use, not for diagnostic use.");
  const everynet::test::RunResult full =
      everynet::test::runCommand({"dsrdump", "+Pl", "+Pc", path.string()}, 60s);
  EXPECT_EQ(full.exit_code, 0) << full.output;
  EXPECT_EQ(full.output.find("Response Evaluation"), std::string::npos) << full.output;
  EXPECT_EQ(full.output.find("Target Lesion"), std::string::npos) << full.output;
  EXPECT_NE(full.output.find("(EN0008,99EVERYNET,\"Reason modified RANO not assessable\")=\"no "
                             "measurable enhancing tumour"),
            std::string::npos)
      << full.output;
}

TEST_F(ReportTest, RefusesAClassNotAssessableWithoutItsReason) {
  const WrittenSeries seg = writeChangeSegmentation(followup_, ternary(), options("seg"));
  ChangeReportValues values = progression();
  values.rano_class = "not assessable";
  EXPECT_THROW(writeMeasurementReport({baseline_, followup_, seg}, values, options("sr")),
               std::invalid_argument);
}

TEST_F(ReportTest, CarriesLatin1PatientUnchanged) {
  const SourceSeries latin1 = readSourceSeries(writeSeries("latin1", true));
  const WrittenSeries seg = writeChangeSegmentation(latin1, ternary(), options("seg"));
  const WrittenSeries sr =
      writeMeasurementReport({baseline_, latin1, seg}, progression(), options("sr"));
  expectValidDicom(sr.instances.front().path);
  const auto file = load(sr.instances.front().path);
  expectSourceContext(*file->getDataset(), latin1);
}

TEST_F(ReportTest, RefusesAnUnknownResponseClass) {
  const WrittenSeries seg = writeChangeSegmentation(followup_, ternary(), options("seg"));
  ChangeReportValues values = progression();
  values.rano_class = "partial response";
  EXPECT_THROW(writeMeasurementReport({baseline_, followup_, seg}, values, options("sr")),
               std::invalid_argument);
}

}  // namespace
}  // namespace everynet::dicom::test
