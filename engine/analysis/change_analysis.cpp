#include "engine/analysis/change_analysis.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "engine/analysis/analysis_cautions.h"
#include "engine/imaging/change_regions.h"
#include "engine/imaging/enhancing_tumour.h"
#include "engine/imaging/preprocessing.h"
#include "engine/imaging/registration_subtraction.h"
#include "engine/imaging/tumour_on_scan_grid.h"
#include "engine/readout/change_readout.h"
#include "engine/readout/training_focus.h"
#include "engine/readout/tumour_change.h"

namespace everynet::engine {
namespace {

using Clock = std::chrono::steady_clock;

// How far beyond the baseline tumour's slices training images are drawn as through the tumour:
// about the growth a follow-up interval brings.
constexpr double kTumourFocusMarginMm = 10;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

geometry::PatientVolume placedLike(const geometry::PatientVolume& placement,
                                   geometry::Volume image) {
  return {std::move(image), placement.origin_mm, placement.direction};
}

geometry::Volume asVolume(const std::vector<std::int8_t>& labels,
                          const geometry::Volume& geometry) {
  geometry::Volume v = geometry::Volume::zeros(geometry.size, geometry.spacing_mm);
  std::copy(labels.begin(), labels.end(), v.voxels.begin());
  return v;
}

// The tumour the change is related to, on the working grid: the supplied segmentation where there
// is one, else the automatic estimate (also when an earlier job gave the volume: it gives no
// place).
geometry::PatientVolume baselineTumourOnGrid(const AnalysisInputs& inputs,
                                             const PreparedPair& prepared) {
  return inputs.baseline_segmentation
             ? resampleOnto(*inputs.baseline_segmentation, prepared.baseline.image,
                            Interpolation::nearest)
             : estimateEnhancingTumour(inputs.baseline, prepared.baseline);
}

TrainingPair trainingPair(const PreparedPair& prepared,
                          const geometry::PatientVolume& baseline_tumour) {
  return {prepared.baseline.image.image, prepared.followup.image.image,
          slicesThrough(baseline_tumour.image, kTumourFocusMarginMm)};
}

PreparedPair preparedForProfile(const AnalysisInputs& inputs, const TrainingProfile& profile) {
  return preparePair(inputs.baseline, inputs.followup,
                     {profile.grid_xy, profile.grid_xy, profile.grid_z});
}

// The change map on the baseline's working grid.
geometry::Volume changeMap(const PreparedPair& prepared, const RigidPlacement& placement,
                           const AnalysisSettings& settings, std::string& device) {
  if (settings.method == ChangeMethod::registration_subtraction) {
    device = "cpu";
    return registeredDifferenceMap(prepared, placement);
  }
  if (!settings.trained_map) {
    throw std::invalid_argument(
        "the personal WGAN's map is trained by everynet-train; this analysis was given none");
  }
  if (settings.trained_map->size != prepared.baseline.image.image.size) {
    throw std::invalid_argument("the given change map is not on the profile's working grid");
  }
  device = "given map";
  return *settings.trained_map;
}

}  // namespace

const char* toString(ChangeMethod method) {
  return method == ChangeMethod::personal_wgan ? "personal WGAN" : "registration and subtraction";
}

const char* toString(BaselineVolumeSource source) {
  switch (source) {
    case BaselineVolumeSource::supplied_segmentation:
      return "supplied segmentation";
    case BaselineVolumeSource::earlier_job:
      return "earlier job";
    case BaselineVolumeSource::automatic_estimate:
      return "automatic estimate";
  }
  return "unknown";
}

PairFiles trainingPairFor(const AnalysisInputs& inputs, const TrainingProfile& profile) {
  const auto prepared = preparedForProfile(inputs, profile);
  return {trainingPair(prepared, baselineTumourOnGrid(inputs, prepared)),
          prepared.baseline.brain_mask.image};
}

namespace {

// Both visits' tumours: on the working grid for the read-out, and at their scans' own scale for
// volumes and regions.
struct VisitTumours {
  geometry::PatientVolume baseline_working;
  geometry::PatientVolume baseline_on_scan;
  geometry::PatientVolume followup_on_scan;
  // The follow-up's enhancing lesions and brain mask carried onto the baseline's working grid.
  geometry::PatientVolume followup_lesions_here;
  geometry::PatientVolume followup_brain_here;
};

VisitTumours tumoursOfBothVisits(const AnalysisInputs& inputs, const PreparedPair& prepared,
                                 const RigidPlacement& placement) {
  VisitTumours tumours;
  // Each scan's brain mask where the other scan lies: change, and a tumour, where the other
  // visit shows no brain is the brain extraction's difference (a thick baseline's mask can take
  // in the orbits' fat), not the patient's.
  tumours.followup_brain_here =
      resampleOnto(placedInBaseline(prepared.followup.brain_mask, placement),
                   prepared.baseline.image, Interpolation::nearest);
  const auto baseline_brain_there =
      resampleOnto(placedInFollowup(prepared.baseline.brain_mask, placement),
                   prepared.followup.image, Interpolation::nearest);
  const bool supplied = inputs.baseline_segmentation.has_value();
  tumours.baseline_working = supplied
                                 ? baselineTumourOnGrid(inputs, prepared)
                                 : componentsInsideBrain(baselineTumourOnGrid(inputs, prepared),
                                                         tumours.followup_brain_here);
  tumours.baseline_on_scan = supplied ? resampleOnto(*inputs.baseline_segmentation, inputs.baseline,
                                                     Interpolation::nearest)
                                      : tumourOnScanGrid(inputs.baseline, tumours.baseline_working,
                                                         prepared.baseline.brain_mask);
  // What the follow-up shows as enhancing lesions tells new ones.
  const auto followup_lesions = componentsInsideBrain(
      findEnhancingLesions(inputs.followup, prepared.followup), baseline_brain_there);
  tumours.followup_on_scan =
      tumourOnScanGrid(inputs.followup, followup_lesions, prepared.followup.brain_mask);
  tumours.followup_lesions_here = resampleOnto(placedInBaseline(followup_lesions, placement),
                                               prepared.baseline.image, Interpolation::nearest);
  return tumours;
}

// The baseline volume from the best source at hand.
void settleBaselineVolume(const AnalysisInputs& inputs, ChangeAnalysis& result) {
  if (inputs.baseline_segmentation) {
    result.baseline_source = BaselineVolumeSource::supplied_segmentation;
    result.baseline_ml = inputs.baseline_segmentation->image.maskVolumeMl();
  } else if (inputs.earlier_job_followup_ml) {
    result.baseline_source = BaselineVolumeSource::earlier_job;
    result.baseline_ml = *inputs.earlier_job_followup_ml;
  } else {
    result.baseline_source = BaselineVolumeSource::automatic_estimate;
    result.baseline_ml = result.baseline_tumour_in_baseline.image.maskVolumeMl();
  }
}

// Modified RANO from the volumes; none from an automatic baseline volume that cannot be trusted
// (the ratio would be the estimate's error): volumes and regions stay, shown with the caution.
void classify(const AnalysisInputs& inputs, const PreparedPair& prepared, const RanoRules& rules,
              ChangeAnalysis& result) {
  result.rano =
      assessRano(result.baseline_ml, result.followup_ml, !result.new_lesions.empty(), rules);
  if (result.baseline_source != BaselineVolumeSource::automatic_estimate) return;
  result.baseline_confidence = assessBaselineEstimate(inputs.baseline, prepared.baseline,
                                                      result.baseline_tumour_in_baseline);
  if (!result.baseline_confidence->usable) {
    result.rano = withheldRano(result.rano, *result.baseline_confidence);
    result.cautions.push_back(unusableBaselineCaution(*result.baseline_confidence));
  }
}

}  // namespace

ChangeAnalysis analyseChange(const AnalysisInputs& inputs, const AnalysisSettings& settings) {
  const TrainingProfile& profile = settings.profile;
  ChangeAnalysis result;
  result.method = settings.method;

  auto started = Clock::now();
  const auto prepared = preparedForProfile(inputs, profile);
  result.baseline_working = prepared.baseline.image;
  result.followup_working = prepared.followup.image;
  // Where the follow-up's anatomy lies in the baseline: the classical map is made with it, and
  // either method's tumours and regions are carried between the scans with it.
  const RigidPlacement placement = registerFollowupRigidly(prepared);
  auto tumours = tumoursOfBothVisits(inputs, prepared, placement);
  result.baseline_tumour_working = std::move(tumours.baseline_working);
  result.baseline_tumour_in_baseline = std::move(tumours.baseline_on_scan);
  settleBaselineVolume(inputs, result);
  result.cautions =
      analysisCautions(inputs.baseline, result.baseline_source, settings.method, profile.name);
  result.timings.preprocessing_seconds = secondsSince(started);

  started = Clock::now();
  // Both scans are skull-stripped, so the map means nothing where either shows no brain.
  geometry::Volume map = changeMap(prepared, placement, settings, result.device);
  const auto& brain = prepared.baseline.brain_mask.image.voxels;
  const auto& followup_brain = tumours.followup_brain_here.image.voxels;
  for (std::size_t i = 0; i < map.voxels.size(); ++i) {
    map.voxels[i] *= brain[i] * followup_brain[i];
  }
  result.timings.change_map_seconds = secondsSince(started);

  started = Clock::now();
  const auto whole_brain = ternaryMap(map, readoutRulesForGrid(map.size));
  const auto whole_brain_volumes = measureChange(whole_brain, map);
  result.whole_brain_growth_ml = whole_brain_volumes.growth_ml;
  result.whole_brain_reduction_ml = whole_brain_volumes.reduction_ml;

  const auto related = tumourRelatedChange(
      whole_brain, map, prepared.baseline.image.image, prepared.baseline.brain_mask.image,
      result.baseline_tumour_working.image, tumours.followup_lesions_here.image, {});
  for (const auto& lesion : related.new_lesions) {
    const auto& c = lesion.centroid_voxel;
    result.new_lesions.push_back(
        {lesion.volume_ml, prepared.baseline.image.patientPosition(c[0], c[1], c[2])});
  }
  result.map_working = placedLike(prepared.baseline.image, map);
  result.ternary_working = placedLike(prepared.baseline.image, asVolume(related.ternary, map));
  // The read-out on the working grid says what changed; the scans' own voxels where its edges
  // lie. The follow-up's regions are what its heatmaps and segmentation show, and their volumes
  // are the report's.
  auto regions =
      changeRegionsOnScanGrids(result.baseline_tumour_in_baseline, tumours.followup_on_scan,
                               result.ternary_working, placement);
  result.growth_ml = regions.growth_ml;
  result.reduction_ml = regions.reduction_ml;
  result.followup_ml = std::max(0.0, result.baseline_ml + result.growth_ml - result.reduction_ml);
  classify(inputs, prepared, settings.rano, result);

  result.ternary_in_baseline = std::move(regions.in_baseline);
  result.ternary_in_followup = std::move(regions.in_followup);
  result.map_in_baseline = resampleOnto(result.map_working, inputs.baseline, Interpolation::linear);
  result.map_in_followup = resampleOnto(placedInFollowup(result.map_working, placement),
                                        inputs.followup, Interpolation::linear);
  result.brain_mask_in_baseline =
      resampleOnto(prepared.baseline.brain_mask, inputs.baseline, Interpolation::nearest);
  result.timings.readout_seconds = secondsSince(started);
  return result;
}

}  // namespace everynet::engine
