#include "engine/analysis/baseline_confidence.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace everynet::engine {
namespace {

// RANO's smallest measurable lesion (a sphere of 10 mm diameter); the estimate drops components
// below it, so less than this means it found nothing.
constexpr double kMeasurableTumourMl = 0.5;
// The estimate seeds at 1.3 and keeps rims from 1.2 (1.15 on thick slices) times white matter
// (engine/imaging/enhancing_tumour.cpp), on the working grid, where a rim reads dimmer than on
// the scan. Below 1.45 on the scan those levels, not the tumour, decide what is found: on the
// varied phantoms chosen for tuning (seeds 3000-3023) the estimates of tumours enhancing 1.2 to
// 1.4 times white matter found nothing or part of the tumour, and every class read from one
// below this level was wrong or its baseline 40% off, while the classes above it were right but
// for two whose estimate had taken a vessel for the tumour
// (docs/experiments/2026-12-07-readout-round-8-scan-scale.md).
constexpr double kFaintEnhancementOverWhiteMatter = 1.45;
// Slices thicker than this are named in the reason: partial volume dims a rim there. They do not
// withhold a class by themselves (the thick-baseline caution asks to check the volume): on the
// tuning phantoms, the thick baselines above the level above were all read right.
constexpr double kThickSliceMm = 3.0;
// White matter's level as the estimate defines it (engine/imaging/internal/intensity_statistics.h).
constexpr double kWhiteMatterQuantile = 0.85;
// The tumour's enhancement: its brightest tenth, the enhancing rim, above the dark core the
// estimate fills in.
constexpr double kEnhancementQuantile = 0.90;

// The q-quantile (nearest rank) of values; values is reordered.
double quantile(std::vector<float>& values, double q) {
  const auto rank = static_cast<std::ptrdiff_t>(q * static_cast<double>(values.size() - 1) + 0.5);
  std::nth_element(values.begin(), values.begin() + rank, values.end());
  return values[static_cast<std::size_t>(rank)];
}

std::vector<float> valuesInside(const geometry::Volume& image, const geometry::Volume& mask) {
  std::vector<float> values;
  for (std::size_t i = 0; i < image.voxels.size(); ++i) {
    if (mask.voxels[i] > 0.5f) values.push_back(image.voxels[i]);
  }
  return values;
}

// On the scan as acquired: the working grid's resampling blurs a rim into the brain and core
// around it (on a phantom whose rim is 1.75 times white matter, the 90th percentile read 1.52
// there and 1.74 on its own 1.5 mm voxels), so a level in times white matter would measure the
// grid rather than the contrast.
double enhancementOverWhiteMatter(const geometry::PatientVolume& baseline,
                                  const PreparedScan& prepared,
                                  const geometry::PatientVolume& tumour) {
  const auto brain_mask = resampleOnto(prepared.brain_mask, baseline, Interpolation::nearest);
  auto brain = valuesInside(baseline.image, brain_mask.image);
  auto inside_tumour = valuesInside(baseline.image, tumour.image);
  if (brain.empty() || inside_tumour.empty()) return 0;
  const double white_matter = quantile(brain, kWhiteMatterQuantile);
  if (white_matter <= 0) return 0;
  return quantile(inside_tumour, kEnhancementQuantile) / white_matter;
}

std::string faintReason(double ratio, double slice_mm, bool thick) {
  char text[128];
  if (thick) {
    std::snprintf(text, sizeof text, "faint enhancement on %.1f mm slices, %.2f times white matter",
                  slice_mm, ratio);
  } else {
    std::snprintf(text, sizeof text, "faint enhancement, %.2f times white matter", ratio);
  }
  return text;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

}  // namespace

BaselineConfidence assessBaselineEstimate(const geometry::PatientVolume& baseline,
                                          const PreparedScan& prepared,
                                          const geometry::PatientVolume& estimated_tumour) {
  if (estimated_tumour.image.size != baseline.image.size) {
    throw std::invalid_argument("assessBaselineEstimate: the estimate is not on the scan's grid");
  }
  BaselineConfidence confidence;
  confidence.slice_thickness_mm = std::ranges::max(baseline.image.spacing_mm);
  confidence.estimated_ml = estimated_tumour.image.maskVolumeMl();
  if (confidence.estimated_ml < kMeasurableTumourMl) {
    confidence.usable = false;
    confidence.reasons.push_back("no measurable enhancing tumour found on the baseline");
    return confidence;
  }
  const double ratio = enhancementOverWhiteMatter(baseline, prepared, estimated_tumour);
  confidence.enhancement_over_white_matter = ratio;
  const bool thick = confidence.slice_thickness_mm > kThickSliceMm;
  if (ratio < kFaintEnhancementOverWhiteMatter) {
    confidence.usable = false;
    confidence.reasons.push_back(faintReason(ratio, confidence.slice_thickness_mm, thick));
  }
  return confidence;
}

RanoAssessment withheldRano(const RanoAssessment& measured, const BaselineConfidence& confidence) {
  RanoAssessment withheld = measured;
  withheld.rano_class = RanoClass::not_assessable;
  withheld.reason = joined(confidence.reasons);
  return withheld;
}

std::string unusableBaselineCaution(const BaselineConfidence& confidence) {
  char found[128];
  std::snprintf(found, sizeof found,
                "modified RANO not assessable: the automatic estimate of the baseline tumour "
                "(%.2f mL)",
                confidence.estimated_ml);
  return std::string(found) + " cannot be trusted: " + joined(confidence.reasons) +
         ". The volumes and regions are shown as measured, but without a class: supply a "
         "segmentation of the baseline tumour (DICOM SEG) to get a RANO class, sent to "
         "EveryNet with the baseline study (an enhancing-tumour segment on the baseline's Frame "
         "of Reference), or as NIfTI to `everynet analyze --baseline-mask`";
}

}  // namespace everynet::engine
