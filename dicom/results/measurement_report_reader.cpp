#include "dicom/results/measurement_report_reader.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "dicom/results/internal/report_codes.h"

namespace everynet::dicom {
namespace {

std::string key(const DSRCodedEntryValue& code) {
  return std::string(code.getCodingSchemeDesignator().c_str()) + ":" + code.getCodeValue().c_str();
}

std::runtime_error refusal(const std::filesystem::path& path, const std::string& reason) {
  return std::runtime_error("measurement report " + path.string() + ": " + reason);
}

// The document's values by concept name ("scheme:code"), the first per concept name: the TID 1501
// group comes after the TID 4019 items of the segment groups, which carry the same algorithm name
// and version. Every comment, in order: the cautions.
struct ReportItems {
  std::map<std::string, std::string> numbers;
  std::map<std::string, std::string> texts;
  std::map<std::string, std::string> codes;  // concept name -> the coded value's "scheme:code"
  std::vector<std::string> comments;
};

ReportItems collectItems(DSRDocumentTree& tree, const std::filesystem::path& path) {
  ReportItems items;
  if (tree.gotoRoot() == 0) throw refusal(path, "empty document");
  do {
    const DSRContentItem& item = tree.getCurrentContentItem();
    const std::string concept_name = key(item.getConceptName());
    switch (item.getValueType()) {
      case DSRTypes::VT_Num:
        items.numbers.emplace(concept_name, item.getNumericValue().getNumericValue().c_str());
        break;
      case DSRTypes::VT_Text:
        if (concept_name == key(internal::commentCode())) {
          items.comments.emplace_back(item.getStringValue().c_str());
        } else {
          items.texts.emplace(concept_name, item.getStringValue().c_str());
        }
        break;
      case DSRTypes::VT_Code:
        items.codes.emplace(concept_name, key(item.getCodeValue()));
        break;
      default:
        break;
    }
  } while (tree.iterate() != 0);
  return items;
}

// Values out of the items, refusing the file where a required one is missing.
class ItemValues {
 public:
  ItemValues(const ReportItems& items, const std::filesystem::path& path)
      : items_(items), path_(path) {}

  bool hasNumber(const DSRCodedEntryValue& code) const {
    return items_.numbers.count(key(code)) != 0;
  }
  double number(const DSRCodedEntryValue& code) const {
    const auto found = items_.numbers.find(key(code));
    if (found == items_.numbers.end()) throw missing(code);
    return std::strtod(found->second.c_str(), nullptr);
  }
  std::string text(const DSRCodedEntryValue& code, bool required) const {
    const auto found = items_.texts.find(key(code));
    if (found == items_.texts.end()) {
      if (required) throw missing(code);
      return std::string();
    }
    return found->second;
  }
  const std::vector<std::string>& comments() const { return items_.comments; }
  std::string ranoClass() const {
    std::string rano_class;
    const auto response = items_.codes.find(key(internal::responseEvaluationCode()));
    if (response != items_.codes.end()) {
      for (const internal::RanoCode& code : internal::kRanoCodes) {
        if (response->second == std::string("DCM:") + code.code_value) {
          rano_class = code.rano_class;
        }
      }
    }
    if (rano_class.empty() && !text(internal::notAssessableReasonCode(), false).empty()) {
      rano_class = internal::kNotAssessable;
    }
    if (rano_class.empty()) throw refusal(path_, "no modified RANO response");
    return rano_class;
  }

 private:
  std::runtime_error missing(const DSRCodedEntryValue& code) const {
    return refusal(path_, std::string("no ") + code.getCodeMeaning().c_str());
  }

  const ReportItems& items_;
  const std::filesystem::path& path_;
};

ChangeReportValues changeValues(const ItemValues& read) {
  ChangeReportValues values;
  values.baseline_ml = read.number(internal::baselineVolumeCode());
  values.followup_ml = read.number(internal::followupVolumeCode());
  values.growth_ml = read.number(internal::growthVolumeCode());
  values.reduction_ml = read.number(internal::reductionVolumeCode());
  if (read.hasNumber(internal::percentChangeCode())) {
    values.change_percent = read.number(internal::percentChangeCode());
  }
  values.rano_class = read.ranoClass();
  values.not_assessable_reason = read.text(internal::notAssessableReasonCode(), false);
  values.baseline_source = read.text(internal::baselineSourceCode(), true);
  values.algorithm_name = read.text(internal::algorithmNameCode(), true);
  values.algorithm_version = read.text(internal::algorithmVersionCode(), true);
  values.algorithm_parameters = read.text(internal::algorithmParametersCode(), false);
  values.cautions = read.comments();
  return values;
}

}  // namespace

ReadMeasurementReport readMeasurementReport(const std::filesystem::path& path) {
  DcmFileFormat file;
  if (file.loadFile(path.c_str()).bad()) throw refusal(path, "not a readable DICOM file");
  DSRDocument document;
  if (document.read(*file.getDataset()).bad()) throw refusal(path, "not a structured report");

  const ReportItems items = collectItems(document.getTree(), path);
  const ItemValues read(items, path);
  ReadMeasurementReport report;
  report.values = changeValues(read);
  report.summary = read.text(internal::narrativeSummaryCode(), true);
  OFString study;
  file.getDataset()->findAndGetOFString(DCM_StudyInstanceUID, study);
  report.study_instance_uid = study.c_str();
  return report;
}

}  // namespace everynet::dicom
