#include "dicom/results/measurement_report_reader.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include <cstdlib>
#include <map>
#include <stdexcept>

#include "dicom/results/internal/report_codes.h"

namespace everynet::dicom {
namespace {

std::string key(const DSRCodedEntryValue& code) {
  return std::string(code.getCodingSchemeDesignator().c_str()) + ":" + code.getCodeValue().c_str();
}

}  // namespace

ReadMeasurementReport readMeasurementReport(const std::filesystem::path& path) {
  const auto refuse = [&](const std::string& reason) {
    return std::runtime_error("measurement report " + path.string() + ": " + reason);
  };
  DcmFileFormat file;
  if (file.loadFile(path.c_str()).bad()) throw refuse("not a readable DICOM file");
  DSRDocument document;
  if (document.read(*file.getDataset()).bad()) throw refuse("not a structured report");

  ReadMeasurementReport report;
  // The first value per concept_name: the TID 1501 group comes after the TID 4019 items of the
  // segment groups, which carry the same algorithm name and version. Every comment, in order:
  // the cautions.
  std::map<std::string, std::string> numbers;
  std::map<std::string, std::string> texts;
  std::map<std::string, std::string> codes;
  DSRDocumentTree& tree = document.getTree();
  if (tree.gotoRoot() == 0) throw refuse("empty document");
  do {
    const DSRContentItem& item = tree.getCurrentContentItem();
    const std::string concept_name = key(item.getConceptName());
    switch (item.getValueType()) {
      case DSRTypes::VT_Num:
        numbers.emplace(concept_name, item.getNumericValue().getNumericValue().c_str());
        break;
      case DSRTypes::VT_Text:
        if (concept_name == key(internal::commentCode())) {
          report.values.cautions.emplace_back(item.getStringValue().c_str());
        } else {
          texts.emplace(concept_name, item.getStringValue().c_str());
        }
        break;
      case DSRTypes::VT_Code:
        codes.emplace(concept_name, key(item.getCodeValue()));
        break;
      default:
        break;
    }
  } while (tree.iterate() != 0);

  const auto number = [&](const DSRCodedEntryValue& code) {
    const auto found = numbers.find(key(code));
    if (found == numbers.end()) throw refuse(std::string("no ") + code.getCodeMeaning().c_str());
    return std::strtod(found->second.c_str(), nullptr);
  };
  const auto text = [&](const DSRCodedEntryValue& code, bool required) {
    const auto found = texts.find(key(code));
    if (found == texts.end()) {
      if (required) throw refuse(std::string("no ") + code.getCodeMeaning().c_str());
      return std::string();
    }
    return found->second;
  };

  ChangeReportValues& values = report.values;
  values.baseline_ml = number(internal::baselineVolumeCode());
  values.followup_ml = number(internal::followupVolumeCode());
  values.growth_ml = number(internal::growthVolumeCode());
  values.reduction_ml = number(internal::reductionVolumeCode());
  if (numbers.count(key(internal::percentChangeCode())) != 0) {
    values.change_percent = number(internal::percentChangeCode());
  }
  const auto response = codes.find(key(internal::responseEvaluationCode()));
  if (response != codes.end()) {
    for (const internal::RanoCode& code : internal::kRanoCodes) {
      if (response->second == std::string("DCM:") + code.code_value) {
        values.rano_class = code.rano_class;
      }
    }
  }
  if (values.rano_class.empty()) throw refuse("no modified RANO response");
  values.baseline_source = text(internal::baselineSourceCode(), true);
  values.algorithm_name = text(internal::algorithmNameCode(), true);
  values.algorithm_version = text(internal::algorithmVersionCode(), true);
  values.algorithm_parameters = text(internal::algorithmParametersCode(), false);
  report.summary = text(internal::narrativeSummaryCode(), true);
  OFString study;
  file.getDataset()->findAndGetOFString(DCM_StudyInstanceUID, study);
  report.study_instance_uid = study.c_str();
  return report;
}

}  // namespace everynet::dicom
