#include "engine/phantom/internal/disease_course.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <stdexcept>

namespace everynet::engine::phantom {
namespace {

constexpr double kMinBaselineMl = 3;
constexpr double kMaxBaselineMl = 20;
// A new lesion makes progression only when it is measurable (RANO: 10 mm across, about 0.5 mL),
// so the phantom's are, and its truth says progression without doubt.
constexpr double kNewLesionMinMl = 0.6;
constexpr double kNewLesionMaxMl = 1.5;
// Brain between the outermost point of a lesion and the brain's edge, mm.
constexpr double kEdgeMarginMm = 3;
// Room between a tumour and the nearest vessel wall, mm.
constexpr double kVesselMarginMm = 2;
constexpr int kSiteDraws = 4000;

struct VolumeRatio {
  double low;
  double high;
};

VolumeRatio ratioOf(PhantomChange change) {
  switch (change) {
    case PhantomChange::progression:
      return {1.6, 2.5};
    case PhantomChange::stable:
    case PhantomChange::new_lesion:
      return {0.9, 1.1};
    case PhantomChange::response:
      return {0.15, 0.4};
    case PhantomChange::complete:
      return {0, 0};
    case PhantomChange::nochange:
      return {1, 1};
  }
  return {1, 1};
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

// A random tumour site that passes `fits`; after many misses the fitting site deepest in the
// brain. Deterministic for the random stream.
std::optional<Vec3> pickSite(const AnatomyModel& anatomy, Random& random,
                             const std::function<bool(const TumourSite&)>& fits) {
  const auto& sites = anatomy.tumour_sites;
  for (int draw = 0; draw < kSiteDraws; ++draw) {
    const TumourSite& site = sites[random.below(static_cast<int>(sites.size()))];
    if (fits(site)) return site.position_mm;
  }
  const TumourSite* deepest = nullptr;
  for (const TumourSite& site : sites) {
    if (fits(site) && (deepest == nullptr || site.edge_distance_mm > deepest->edge_distance_mm)) {
      deepest = &site;
    }
  }
  if (deepest == nullptr) return std::nullopt;
  return deepest->position_mm;
}

// Places the tumour of both visits at a site where both fit; shrinks the plan until one does
// (large progressions need deep white matter).
void placeTumour(PhantomChange change, double ratio, double baseline_ml,
                 const AnatomyModel& anatomy, const std::vector<Vessel>& vessels,
                 std::uint64_t seed, DiseaseCourse& course) {
  for (;; baseline_ml *= 0.85) {
    Random shape_random(seed, "tumour shape");
    Lesion baseline = drawTumour(shape_random, baseline_ml);
    std::optional<Lesion> followup;
    if (change == PhantomChange::nochange) {
      followup = baseline;
    } else if (change != PhantomChange::complete) {
      followup = evolveTumour(baseline, change, ratio * baseline_ml, shape_random);
    }
    // Measured from the baseline centre, so that both visits' tumours fit where it is placed.
    double extent = baseline.maxBoundaryRadius();
    if (followup) {
      extent = std::max(
          extent, norm(followup->centre_mm - baseline.centre_mm) + followup->maxBoundaryRadius());
    }
    const auto fits = [&](const TumourSite& site) {
      return site.edge_distance_mm >= extent + kEdgeMarginMm &&
             distanceToVessels(vessels, site.position_mm) >= extent + kVesselMarginMm;
    };
    Random site_random(seed, "tumour site");
    const std::optional<Vec3> site = pickSite(anatomy, site_random, fits);
    if (!site) {
      if (baseline_ml * 0.85 < kMinBaselineMl / 2) {
        throw std::runtime_error("phantom: no white-matter site fits a tumour");
      }
      continue;
    }
    // Both were drawn around the origin.
    baseline.centre_mm = *site;
    course.baseline = {baseline};
    if (followup) {
      followup->centre_mm = *site + followup->centre_mm;
      course.followup = {*followup};
      course.mass_effect_lesion = *followup;
      course.mass_effect_volume_change_ml = followup->shapeVolumeMl() - baseline.shapeVolumeMl();
    }
    return;
  }
}

// A fluid-filled cavity without enhancement where the tumour was, 5-15% of its volume.
void leaveCavity(Random& random, DiseaseCourse& course) {
  const Lesion& tumour = course.baseline.front();
  Lesion cavity = tumour;
  cavity.kind = LesionKind::cavity;
  cavity.oedema_mm = 0;
  cavity = cavity.withShapeVolume(random.uniform(0.05, 0.15) * tumour.shapeVolumeMl());
  course.followup = {cavity};
  course.mass_effect_lesion = cavity;
  course.mass_effect_volume_change_ml = cavity.shapeVolumeMl() - tumour.shapeVolumeMl();
}

// A small new enhancing lesion in the other hemisphere, clear of the tumour and its oedema.
void addNewLesion(const AnatomyModel& anatomy, const std::vector<Vessel>& vessels,
                  std::uint64_t seed, DiseaseCourse& course) {
  Random random(seed, "new lesion");
  Lesion lesion = drawTumour(random, random.uniform(kNewLesionMinMl, kNewLesionMaxMl));
  lesion.rim_mm = std::min(lesion.rim_mm, 0.4 * lesion.radius_mm);
  const Lesion& tumour = course.followup.front();
  const auto fits = [&](const TumourSite& site) {
    return site.position_mm[0] * tumour.centre_mm[0] < 0 &&
           site.edge_distance_mm >= lesion.maxBoundaryRadius() + kEdgeMarginMm &&
           norm(site.position_mm - tumour.centre_mm) >= tumour.reach() + lesion.reach() &&
           distanceToVessels(vessels, site.position_mm) >=
               lesion.maxBoundaryRadius() + kVesselMarginMm;
  };
  const std::optional<Vec3> site = pickSite(anatomy, random, fits);
  if (!site) throw std::runtime_error("phantom: no site fits a new lesion");
  lesion.centre_mm = *site;
  course.followup.push_back(lesion);
  course.new_lesion = true;
}

}  // namespace

DiseaseCourse planDiseaseCourse(PhantomChange change, const AnatomyModel& anatomy,
                                const std::vector<Vessel>& vessels, std::uint64_t seed) {
  Random random(seed, "disease course");
  const VolumeRatio ratio_range = ratioOf(change);
  const double ratio = random.uniform(ratio_range.low, ratio_range.high);
  const double baseline_ml =
      std::exp(random.uniform(std::log(kMinBaselineMl), std::log(kMaxBaselineMl)));
  DiseaseCourse course;
  placeTumour(change, ratio, baseline_ml, anatomy, vessels, seed, course);
  if (change == PhantomChange::complete) leaveCavity(random, course);
  if (change == PhantomChange::new_lesion) addNewLesion(anatomy, vessels, seed, course);
  return course;
}

}  // namespace everynet::engine::phantom
