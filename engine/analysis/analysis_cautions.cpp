#include "engine/analysis/analysis_cautions.h"

#include <algorithm>
#include <cstdio>
#include <optional>

namespace everynet::engine {
namespace {

// The automatic tumour estimate was right on 1, 1.5 and 3 mm voxels. On 5 mm slices it is made
// on the scan's own slices, with Dice 0.90 to 0.96 on twelve phantoms
// (engine/imaging/enhancing_tumour.cpp), but the brain mask still runs on into the orbits on
// three of the four checked: above 3 mm it is not to be trusted unchecked
// (engine/PROFILES.md#decision-cautions).
constexpr double kThickSliceMm = 3.0;

std::optional<std::string> thickSliceCaution(const geometry::PatientVolume& baseline,
                                             BaselineVolumeSource source) {
  const auto& spacing = baseline.image.spacing_mm;
  const double coarsest_mm = *std::max_element(spacing.begin(), spacing.end());
  // An earlier job's volume still leaves the read-out to the estimate's place of the tumour.
  if (source == BaselineVolumeSource::supplied_segmentation || coarsest_mm <= kThickSliceMm) {
    return std::nullopt;
  }
  char text[256];
  std::snprintf(text, sizeof text,
                "the baseline tumour was found automatically on %.1f mm slices, which blur its "
                "rim and the brain's edge: check the baseline volume, or give a segmentation of "
                "the baseline",
                coarsest_mm);
  return text;
}

}  // namespace

std::string personalNetworkCaution(const std::string& profile_name) {
  // The accuracy benchmark (tests/bench/accuracy.sh, eight phantom pairs): the cpu profile's
  // map found no growth on any pair, no partial response, and a fifth of a complete one.
  if (profile_name == "cpu") {
    return "the personal network trained with the cpu profile has found no tumour growth, and "
           "too little reduction, on the phantom pairs of the accuracy benchmark: a read-out of "
           "little or no change rules out neither progression nor response; compare the images";
  }
  if (profile_name == "test") {
    return "the test profile trains for seconds and is meant for tests: its read-out is no "
           "measurement";
  }
  // The paper profile needs a GPU, and none has run the benchmark with it.
  return "the personal network's accuracy with the " + profile_name +
         " profile has not been measured: compare the read-out with the images";
}

std::vector<std::string> analysisCautions(const geometry::PatientVolume& baseline,
                                          BaselineVolumeSource source, ChangeMethod method,
                                          const std::string& profile_name) {
  std::vector<std::string> cautions;
  if (auto caution = thickSliceCaution(baseline, source)) cautions.push_back(*caution);
  if (method == ChangeMethod::personal_wgan)
    cautions.push_back(personalNetworkCaution(profile_name));
  return cautions;
}

}  // namespace everynet::engine
