#include "engine/phantom/internal/tumour_plan.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace everynet::engine::phantom {
namespace {

// A lobulated tumour's shape terms add up to this much (below 1 keeps it star-shaped).
constexpr double kMinLobulation = 0.6;
constexpr double kMaxLobulation = 0.8;
// Brain between the bounding spheres of two foci (mm): close together, not touching.
constexpr double kMinFocusGapMm = 1;
constexpr double kMaxFocusGapMm = 4;
constexpr double kPlacementStepMm = 0.5;

// The follow-up tumour: the same shape, a little changed, at the new volume. Growth is eccentric
// (the centre moves towards where it grows), shrinkage towards a point inside.
Lesion evolveTumour(const Lesion& baseline, PhantomChange change, double volume_ml,
                    Random& random) {
  Lesion followup = baseline;
  for (ShapeTerm& term : followup.shape) term.amplitude += random.uniform(-0.02, 0.02);
  followup.rim_mm = std::max(1.5, baseline.rim_mm + random.uniform(-0.4, 0.4));
  followup = followup.withShapeVolume(volume_ml);
  const double baseline_radius = equivalentRadiusMm(baseline.shapeVolumeMl());
  const double followup_radius = equivalentRadiusMm(volume_ml);
  double shift_mm = 0;
  switch (change) {
    case PhantomChange::progression:
      shift_mm = random.uniform(0.3, 0.7) * (followup_radius - baseline_radius);
      break;
    case PhantomChange::response:
      shift_mm = random.uniform(0, 0.5) * (baseline_radius - followup_radius);
      break;
    default:
      shift_mm = random.uniform(0, 1);
      break;
  }
  followup.centre_mm = baseline.centre_mm + shift_mm * random.unitVector();
  // Oedema follows the tumour's size; after treatment it recedes further.
  const double oedema_scale = followup_radius / baseline_radius;
  followup.oedema_mm =
      baseline.oedema_mm * oedema_scale * (change == PhantomChange::response ? 0.7 : 1.0);
  return followup;
}

// Lobes in many directions (Legendre orders 2 to 5) instead of the usual gentle ones.
Lesion lobulate(const Lesion& tumour, Random& random) {
  Lesion lobulated = tumour;
  lobulated.shape.clear();
  for (const int order : {2, 3, 3, 4, 4, 5}) {
    lobulated.shape.push_back({random.unitVector(), order, random.sign() * random.uniform(0.5, 1)});
  }
  const double sum = std::accumulate(
      lobulated.shape.begin(), lobulated.shape.end(), 0.0,
      [](double total, const ShapeTerm& term) { return total + std::abs(term.amplitude); });
  const double scale = random.uniform(kMinLobulation, kMaxLobulation) / sum;
  for (ShapeTerm& term : lobulated.shape) term.amplitude *= scale;
  return lobulated.withShapeVolume(tumour.shapeVolumeMl());
}

// The follow-up of each baseline lesion (none for a complete response).
std::vector<Lesion> evolveAll(const std::vector<Lesion>& baseline, PhantomChange change,
                              const std::vector<double>& followup_ml, Random& random) {
  if (change == PhantomChange::complete) return {};
  if (change == PhantomChange::nochange) return baseline;
  std::vector<Lesion> followup;
  for (std::size_t i = 0; i < baseline.size(); ++i) {
    followup.push_back(evolveTumour(baseline[i], change, followup_ml[i], random));
  }
  return followup;
}

// Volumes of 2 or 3 foci, largest first, adding up to total_ml.
std::vector<double> focusVolumes(double total_ml, Random& random) {
  std::vector<double> weights(2 + random.below(2));
  for (double& weight : weights) weight = random.uniform(0.5, 1.5);
  std::sort(weights.begin(), weights.end(), std::greater<>());
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  for (double& weight : weights) weight *= total_ml / sum;
  return weights;
}

// Each focus changes by about `ratio`, all of them together by exactly `ratio`.
std::vector<double> focusFollowupVolumes(const std::vector<double>& baseline_ml, double ratio,
                                         Random& random) {
  std::vector<double> followup_ml;
  for (const double ml : baseline_ml) followup_ml.push_back(ml * random.uniform(0.8, 1.25));
  const double scale = ratio * std::accumulate(baseline_ml.begin(), baseline_ml.end(), 0.0) /
                       std::accumulate(followup_ml.begin(), followup_ml.end(), 0.0);
  for (double& ml : followup_ml) ml *= scale;
  return followup_ml;
}

bool apart(const Lesion& a, const Lesion& b, double gap_mm) {
  return norm(a.centre_mm - b.centre_mm) >= a.maxBoundaryRadius() + b.maxBoundaryRadius() + gap_mm;
}

// Moves focus `index` (and its follow-up) out from the first focus along a random direction until
// its bounding spheres keep gap_mm from those of the foci placed before, at both visits.
void placeFocus(TumourPlan& plan, std::size_t index, Random& random) {
  const Vec3 direction = random.unitVector();
  const double gap_mm = random.uniform(kMinFocusGapMm, kMaxFocusGapMm);
  Lesion& baseline = plan.baseline[index];
  Lesion* followup = plan.followup.empty() ? nullptr : &plan.followup[index];
  const Vec3 followup_shift = followup ? followup->centre_mm - baseline.centre_mm : Vec3{};
  for (double distance = 0;; distance += kPlacementStepMm) {
    baseline.centre_mm = distance * direction;
    if (followup) followup->centre_mm = baseline.centre_mm + followup_shift;
    bool clear = true;
    for (std::size_t other = 0; other < index && clear; ++other) {
      clear = apart(baseline, plan.baseline[other], gap_mm) &&
              (!followup || apart(*followup, plan.followup[other], gap_mm));
    }
    if (clear) return;
  }
}

// Centres the foci on their volume-weighted baseline centroid.
void centre(TumourPlan& plan) {
  Vec3 sum{};
  double volume = 0;
  for (const Lesion& focus : plan.baseline) {
    sum = sum + focus.shapeVolumeMl() * focus.centre_mm;
    volume += focus.shapeVolumeMl();
  }
  const Vec3 centroid = (1.0 / volume) * sum;
  for (Lesion& focus : plan.baseline) focus.centre_mm = focus.centre_mm - centroid;
  for (Lesion& focus : plan.followup) focus.centre_mm = focus.centre_mm - centroid;
}

TumourPlan planMultifocal(PhantomChange change, double ratio, double baseline_ml,
                          Random& shape_random, Random& foci_random) {
  const std::vector<double> baseline_volumes = focusVolumes(baseline_ml, foci_random);
  TumourPlan plan;
  for (const double ml : baseline_volumes) {
    Lesion focus = drawTumour(shape_random, ml);
    focus.rim_mm = std::min(focus.rim_mm, 0.4 * focus.radius_mm);
    focus.solid = foci_random.uniform() < 0.5;
    plan.baseline.push_back(focus);
  }
  plan.followup =
      evolveAll(plan.baseline, change, focusFollowupVolumes(baseline_volumes, ratio, foci_random),
                shape_random);
  for (std::size_t i = 1; i < plan.baseline.size(); ++i) placeFocus(plan, i, foci_random);
  centre(plan);
  return plan;
}

}  // namespace

double TumourPlan::extent() const {
  double extent = 0;
  for (const auto* lesions : {&baseline, &followup}) {
    for (const Lesion& lesion : *lesions) {
      extent = std::max(extent, norm(lesion.centre_mm) + lesion.maxBoundaryRadius());
    }
  }
  return extent;
}

Lesion drawTumour(Random& random, double volume_ml) {
  Lesion tumour;
  // Elongated along one axis, with smaller lobes; the amplitudes add up to less than 0.5.
  tumour.shape = {{random.unitVector(), 2, random.uniform(-0.2, 0.2)},
                  {random.unitVector(), 3, random.uniform(-0.08, 0.08)},
                  {random.unitVector(), 3, random.uniform(-0.08, 0.08)},
                  {random.unitVector(), 3, random.uniform(-0.08, 0.08)},
                  {random.unitVector(), 1, random.uniform(-0.04, 0.04)}};
  tumour.rim_mm = random.uniform(2.0, 3.5);
  tumour.rim_brightness = {random.unitVector(), 2, random.uniform(0.05, 0.15)};
  tumour.oedema_shape = {{random.unitVector(), 2, random.uniform(-0.3, 0.3)},
                         {random.unitVector(), 3, random.uniform(-0.2, 0.2)}};
  tumour = tumour.withShapeVolume(volume_ml);
  // Oedema often reaches about the tumour's radius into the white matter, or further.
  tumour.oedema_mm = 2 + random.uniform(0.8, 1.5) * equivalentRadiusMm(volume_ml);
  return tumour;
}

TumourPlan planTumour(PhantomTumour kind, PhantomChange change, double ratio, double baseline_ml,
                      std::uint64_t seed) {
  Random shape_random(seed, "tumour shape");
  // Kinds other than the rim draw what they add from a stream of their own, so that the rim
  // tumour of a seed stays what it was before there were kinds.
  Random kind_random(seed, "tumour kind");
  if (kind == PhantomTumour::multifocal) {
    return planMultifocal(change, ratio, baseline_ml, shape_random, kind_random);
  }
  Lesion tumour = drawTumour(shape_random, baseline_ml);
  if (kind == PhantomTumour::solid) tumour.solid = true;
  if (kind == PhantomTumour::irregular) tumour = lobulate(tumour, kind_random);
  TumourPlan plan{{tumour}, {}};
  plan.followup = evolveAll(plan.baseline, change, {ratio * baseline_ml}, shape_random);
  return plan;
}

}  // namespace everynet::engine::phantom
