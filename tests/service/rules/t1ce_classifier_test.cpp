#include "service/rules/t1ce_classifier.h"

#include <gtest/gtest.h>

#include <optional>

namespace everynet::service {
namespace {

using storage::SeriesAttributes;

struct Case {
  const char* vendor;
  const char* description;
  const char* protocol;
  const char* contrast_agent;
  std::optional<double> tr;
  std::optional<double> te;
  std::optional<double> ti;
  const char* image_type;
  bool expected;
};

SeriesAttributes attributesOf(const Case& c) {
  SeriesAttributes s;
  s.modality = "MR";
  s.series_description = c.description;
  s.protocol_name = c.protocol;
  s.contrast_bolus_agent = c.contrast_agent;
  s.repetition_time_ms = c.tr;
  s.echo_time_ms = c.te;
  s.inversion_time_ms = c.ti;
  s.image_type = c.image_type;
  return s;
}

constexpr auto kNone = std::nullopt;
constexpr const char* kOriginal = "ORIGINAL\\PRIMARY\\M\\ND";

// Realistic series as the main vendors name them, with the decision a neuroradiologist expects.
const Case kCases[] = {
    // Siemens
    {"Siemens", "t1_mprage_sag_p2_iso_KM", "t1_mprage_sag_p2_iso", "Gadovist", 2300, 2.98, 900,
     kOriginal, true},
    {"Siemens", "t1_mprage_tra_KM", "t1_mprage_tra", "", 2300, 2.3, 900, kOriginal, true},
    {"Siemens", "t1_se_tra_KM", "t1_se_tra", "", 550, 9.1, kNone, kOriginal, true},
    {"Siemens", "t1_fl3d_tra_post", "t1_fl3d_tra", "", 8.6, 3.7, kNone, kOriginal, true},
    {"Siemens", "t1_vibe_tra_fs_post", "t1_vibe", "", 4.1, 1.6, kNone, kOriginal, true},
    {"Siemens", "t1_mprage_sag_nativ", "t1_mprage_sag", "", 2300, 2.98, 900, kOriginal, false},
    {"Siemens", "t1_mprage_sag_pre", "t1_mprage_sag", "", 2300, 2.98, 900, kOriginal, false},
    {"Siemens", "t2_tse_tra", "t2_tse_tra", "", 6000, 96, kNone, kOriginal, false},
    {"Siemens", "t2_tirm_tra_dark-fluid", "t2_tirm_tra_dark-fluid", "", 9000, 81, 2500, kOriginal,
     false},
    {"Siemens", "ep2d_diff_3scan_trace_p2_ADC", "ep2d_diff", "", 5000, 89, kNone,
     "DERIVED\\PRIMARY\\DIFFUSION\\ADC", false},
    {"Siemens", "ep2d_diff_3scan_trace_p2_TRACEW", "ep2d_diff", "Gadovist", 5000, 89, kNone,
     kOriginal, false},
    {"Siemens", "localizer", "localizer", "", 8.6, 4.0, kNone, kOriginal, false},
    {"Siemens", "AAHead_Scout_64ch-head-coil", "AAHead_Scout", "", 3.2, 1.4, kNone, kOriginal,
     false},
    {"Siemens", "ep2d_perf_p2", "ep2d_perf", "Gadovist", 1500, 30, kNone, kOriginal, false},
    {"Siemens", "t1_mprage_tra_KM_MPR_cor", "t1_mprage_tra", "Gadovist", 2300, 2.3, 900,
     "DERIVED\\SECONDARY\\MPR", false},
    {"Siemens", "SWI_Images", "swi_tra", "", 27, 20, kNone, kOriginal, false},
    // GE
    {"GE", "Ax T1 BRAVO +C", "BRAVO", "", 8.2, 3.2, 450, kOriginal, true},
    {"GE", "AX T1 POST GAD", "AX T1 SE", "", 600, 12, kNone, kOriginal, true},
    {"GE", "SAG T1 FLAIR +C", "T1 FLAIR", "", 2000, 9, 750, kOriginal, true},
    {"GE", "SAG T1 FLAIR", "T1 FLAIR", "", 2000, 9, 750, kOriginal, false},
    {"GE", "Ax T2 FLAIR", "T2 FLAIR", "", 9000, 120, 2250, kOriginal, false},
    {"GE", "AX FLAIR POST", "FLAIR", "MultiHance", 9000, 120, 2250, kOriginal, false},
    {"GE", "Ax SWAN", "SWAN", "", 40, 25, kNone, kOriginal, false},
    {"GE", "3-pl T2* FGRE S", "3 plane loc", "", 100, 2, kNone, kOriginal, false},
    {"GE", "Ax 3D FSPGR +C", "FSPGR", "", 7.6, 2.9, 450, kOriginal, true},
    {"GE", "AX POST GAD", "", "", kNone, kNone, kNone, kOriginal, true},
    {"GE", "AX DWI 1000b", "DWI", "", 6000, 80, kNone, kOriginal, false},
    // Philips
    {"Philips", "3D T1 TFE +GD", "3D_T1_TFE", "", 8.1, 3.7, kNone, kOriginal, true},
    {"Philips", "sT1W_3D_TFE_CE", "sT1W_3D_TFE", "", 8.1, 3.7, kNone, kOriginal, true},
    {"Philips", "T1W_SE_GD", "T1W_SE", "", 500, 10, kNone, kOriginal, true},
    {"Philips", "T1W_3D_TFE", "T1W_3D_TFE", "", 8.1, 3.7, kNone, kOriginal, false},
    {"Philips", "T2W_FLAIR", "T2W_FLAIR", "", 11000, 125, 2800, kOriginal, false},
    {"Philips", "Survey", "Survey", "", 11, 4.6, kNone, kOriginal, false},
    {"Philips", "DWI_SENSE", "DWI", "", 3000, 70, kNone, kOriginal, false},
    // Canon / Toshiba
    {"Canon", "T1 3D MPRAGE CE", "T1_3D_MPRAGE", "", 2200, 3.1, 900, kOriginal, true},
    {"Canon", "T1_SE_AX_Gd", "T1_SE_AX", "", 480, 10, kNone, kOriginal, true},
    {"Canon", "FSE T2 AX", "FSE_T2", "", 4500, 100, kNone, kOriginal, false},
    // German descriptions
    {"German", "T1 KM axial", "T1 SE", "", 600, 12, kNone, kOriginal, true},
    {"German", "T1 nativ axial", "T1 SE", "", 600, 12, kNone, kOriginal, false},
    {"German", "T1 mit KM 3D", "T1 3D", "", 2000, 3, 900, kOriginal, true},
    // Subtractions, maps and other derived series
    {"any", "SUB T1 post-pre", "SUB", "Gadovist", 8, 3, kNone, kOriginal, false},
    {"any", "MIP t1_fl3d_post", "t1_fl3d", "Gadovist", 8, 3, kNone, "DERIVED\\SECONDARY\\MIP",
     false},
    {"any", "DSC perfusion", "DSC", "Dotarem", 1500, 30, kNone, kOriginal, false},
    {"any", "TOF 3D multi-slab", "TOF", "", 23, 3.4, kNone, kOriginal, false},
    // Decided by header fields alone
    {"any", "Series 7", "", "Gadovist", 650, 10, kNone, kOriginal, true},
    {"any", "Series 8", "", "Gadovist", 4000, 90, kNone, kOriginal, false},
    {"any", "Series 9", "", "Gadovist", 4000, 40, kNone, kOriginal, false},
    {"any", "Series 10", "", "", 650, 10, kNone, kOriginal, false},
    {"any", "Series 11", "", "Gadovist", 1900, 2.5, 900, kOriginal, true},
};

TEST(T1ceClassifierTest, DecidesRealisticSeriesAsARadiologistWould) {
  const T1ceClassifier classifier(ClassifierRules::defaults());
  static_assert(std::size(kCases) >= 40);
  for (const auto& c : kCases) {
    const auto decision = classifier.classify(attributesOf(c));
    EXPECT_EQ(decision.is_t1ce, c.expected)
        << c.vendor << " '" << c.description << "' / '" << c.protocol << "': " << decision.reason;
    EXPECT_FALSE(decision.reason.empty());
  }
}

TEST(T1ceClassifierTest, OnlyMrIsAnalysed) {
  const T1ceClassifier classifier(ClassifierRules::defaults());
  SeriesAttributes ct;
  ct.modality = "CT";
  ct.series_description = "Head +C";
  ct.contrast_bolus_agent = "Iomeron";
  const auto decision = classifier.classify(ct);
  EXPECT_FALSE(decision.is_t1ce);
  EXPECT_NE(decision.reason.find("not MR"), std::string::npos) << decision.reason;
}

TEST(T1ceClassifierTest, ReasonsNameWhatDecided) {
  const T1ceClassifier classifier(ClassifierRules::defaults());
  const auto yes = classifier.classify(attributesOf(kCases[0]));
  EXPECT_NE(yes.reason.find("Gadovist"), std::string::npos) << yes.reason;
  EXPECT_NE(yes.reason.find("T1 by name"), std::string::npos) << yes.reason;
  const auto t2 = classifier.classify(attributesOf(kCases[7]));
  EXPECT_NE(t2.reason.find("'t2' in description or protocol excludes it"), std::string::npos)
      << t2.reason;
}

TEST(T1ceClassifierTest, ConfiguredPatternsReplaceTheBuiltInOnes) {
  ClassifierRules rules = ClassifierRules::defaults();
  rules.contrast_patterns = {"\\bmdk\\b"};  // a site's own abbreviation
  const T1ceClassifier classifier(rules);
  SeriesAttributes s;
  s.modality = "MR";
  s.series_description = "T1 SE MDK";
  EXPECT_TRUE(classifier.classify(s).is_t1ce);
  s.series_description = "T1 SE KM";
  EXPECT_FALSE(classifier.classify(s).is_t1ce) << "built-in hint replaced";
}

TEST(T1ceClassifierTest, ABadPatternIsRefusedByName) {
  ClassifierRules rules = ClassifierRules::defaults();
  rules.exclude_patterns.push_back("(unclosed");
  try {
    T1ceClassifier classifier(rules);
    FAIL() << "accepted a broken pattern";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("(unclosed"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace everynet::service
