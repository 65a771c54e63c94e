#include "engine/phantom/internal/disease_course.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <string>

#include "engine/phantom/internal/tumour_plan.h"

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

// Room between the tumour's outermost point and a ventricle or the brain's surface near which a
// periventricular or cortical tumour grows, mm.
constexpr double kNearMinMm = 0.5;
constexpr double kNearMaxMm = 4;
// How much further it may lie where a large tumour finds no site that near (multifocal ones,
// whose foci spread, need it most), mm.
constexpr std::array<double, 3> kNearSlackMm{0, 4, 8};

// Directions evenly spread over the sphere (a Fibonacci lattice) to sample a lesion's boundary.
const std::vector<Vec3>& boundaryDirections() {
  static const std::vector<Vec3> directions = [] {
    constexpr int kCount = 200;
    std::vector<Vec3> result;
    const double golden = std::numbers::pi * (3 - std::sqrt(5.0));
    for (int i = 0; i < kCount; ++i) {
      const double z = 1 - (i + 0.5) * 2.0 / kCount;
      const double r = std::sqrt(1 - z * z);
      result.push_back({r * std::cos(golden * i), r * std::sin(golden * i), z});
    }
    return result;
  }();
  return directions;
}

// Whether the boundary of every lesion of the plan, centred at `site`, keeps kNearMinMm from
// something (the distance to it is `distance_mm`) and the baseline's comes within
// kNearMaxMm + slack_mm of it.
bool nearButClear(const TumourPlan& plan, const Vec3& site, double slack_mm,
                  const std::function<double(const Vec3&)>& distance_mm) {
  double nearest = std::numeric_limits<double>::max();
  for (const auto* lesions : {&plan.baseline, &plan.followup}) {
    for (const Lesion& lesion : *lesions) {
      const Vec3 centre = site + lesion.centre_mm;
      for (const Vec3& direction : boundaryDirections()) {
        const double gap = distance_mm(centre + lesion.boundaryRadius(direction) * direction);
        if (gap < kNearMinMm) return false;
        if (lesions == &plan.baseline) nearest = std::min(nearest, gap);
      }
    }
  }
  return nearest <= kNearMaxMm + slack_mm;
}

// Whether the plan fits at `site` as the options ask: inside the brain with a margin, clear of
// the large vessels, and for a periventricular or cortical tumour, a few mm from a ventricle or
// the brain's surface.
bool fitsSite(PhantomSite kind, const TumourPlan& plan, const TumourSite& site, double slack_mm,
              const AnatomyModel& anatomy, const std::vector<Vessel>& vessels) {
  const double extent = plan.extent();
  // Distances change by at most the distance moved: a site further than this from something
  // cannot have the tumour's boundary near it (the lattice adds up to 2 mm).
  const auto nearEnough = [&](double distance_mm) {
    return distance_mm <= extent + kNearMaxMm + slack_mm + 2;
  };
  // Cortical veins run over the surface: a cortical tumour may touch one.
  const double vessel_margin_mm = kind == PhantomSite::cortical ? 0 : kVesselMarginMm;
  const auto clear_of_vessels = [&] {
    return distanceToVessels(vessels, site.position_mm) >= extent + vessel_margin_mm;
  };
  switch (kind) {
    case PhantomSite::deep:
      break;
    case PhantomSite::periventricular:
      // Between the ventricles and the brain's edge there is little room to spare.
      return site.edge_distance_mm >= extent + kNearMinMm &&
             nearEnough(site.ventricle_distance_mm) &&
             nearButClear(plan, site.position_mm, slack_mm,
                          [&](const Vec3& p) { return anatomy.ventricleDistance(p); }) &&
             clear_of_vessels();
    case PhantomSite::cortical:
      return nearEnough(site.edge_distance_mm) &&
             nearButClear(plan, site.position_mm, slack_mm,
                          [&](const Vec3& p) { return anatomy.edgeDistance(p); }) &&
             clear_of_vessels();
  }
  return site.edge_distance_mm >= extent + kEdgeMarginMm && clear_of_vessels();
}

// Places the tumour of both visits at a site where both fit; shrinks the plan until one does
// (large progressions need deep white matter). False when none does, down to half the smallest
// planned volume.
bool placeTumour(const PhantomOptions& options, double ratio, double baseline_ml, double slack_mm,
                 const AnatomyModel& anatomy, const std::vector<Vessel>& vessels,
                 DiseaseCourse& course) {
  for (; baseline_ml >= kMinBaselineMl / 2; baseline_ml *= 0.85) {
    TumourPlan plan = planTumour(options.tumour, options.change, ratio, baseline_ml, options.seed);
    // Both visits' tumours must fit where the plan's origin is placed.
    const auto fits = [&](const TumourSite& site) {
      return fitsSite(options.site, plan, site, slack_mm, anatomy, vessels);
    };
    Random site_random(options.seed, "tumour site");
    const std::optional<Vec3> site = pickSite(anatomy, site_random, fits);
    if (!site) continue;
    // Drawn around the origin.
    for (Lesion& lesion : plan.baseline) lesion.centre_mm = *site + lesion.centre_mm;
    for (Lesion& lesion : plan.followup) lesion.centre_mm = *site + lesion.centre_mm;
    course.baseline = std::move(plan.baseline);
    course.followup = std::move(plan.followup);
    // The first (largest) focus pushes the tissue around; the others are anchored.
    if (!course.followup.empty()) {
      course.mass_effect_lesion = course.followup.front();
      course.mass_effect_volume_change_ml =
          course.followup.front().shapeVolumeMl() - course.baseline.front().shapeVolumeMl();
    }
    return true;
  }
  return false;
}

// A fluid-filled cavity without enhancement where each focus of the tumour was, 5-15% of its
// volume.
void leaveCavity(Random& random, DiseaseCourse& course) {
  course.followup.clear();
  for (const Lesion& tumour : course.baseline) {
    Lesion cavity = tumour;
    cavity.kind = LesionKind::cavity;
    cavity.oedema_mm = 0;
    cavity = cavity.withShapeVolume(random.uniform(0.05, 0.15) * tumour.shapeVolumeMl());
    course.followup.push_back(cavity);
  }
  course.mass_effect_lesion = course.followup.front();
  course.mass_effect_volume_change_ml =
      course.followup.front().shapeVolumeMl() - course.baseline.front().shapeVolumeMl();
}

// A small new enhancing lesion in the other hemisphere, clear of the tumour (all of its foci)
// and its oedema.
void addNewLesion(const AnatomyModel& anatomy, const std::vector<Vessel>& vessels,
                  std::uint64_t seed, DiseaseCourse& course) {
  Random random(seed, "new lesion");
  Lesion lesion = drawTumour(random, random.uniform(kNewLesionMinMl, kNewLesionMaxMl));
  lesion.rim_mm = std::min(lesion.rim_mm, 0.4 * lesion.radius_mm);
  const std::vector<Lesion>& tumour = course.followup;
  const auto clear_of_tumour = [&](const Vec3& position_mm) {
    return std::all_of(tumour.begin(), tumour.end(), [&](const Lesion& focus) {
      return norm(position_mm - focus.centre_mm) >= focus.reach() + lesion.reach();
    });
  };
  const auto fits = [&](const TumourSite& site) {
    return site.position_mm[0] * tumour.front().centre_mm[0] < 0 &&
           site.edge_distance_mm >= lesion.maxBoundaryRadius() + kEdgeMarginMm &&
           clear_of_tumour(site.position_mm) &&
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

DiseaseCourse planDiseaseCourse(const PhantomOptions& options, const AnatomyModel& anatomy,
                                const std::vector<Vessel>& vessels) {
  const PhantomChange change = options.change;
  const std::uint64_t seed = options.seed;
  Random random(seed, "disease course");
  const VolumeRatio ratio_range = ratioOf(change);
  const double ratio = random.uniform(ratio_range.low, ratio_range.high);
  const double baseline_ml =
      std::exp(random.uniform(std::log(kMinBaselineMl), std::log(kMaxBaselineMl)));
  DiseaseCourse course;
  const bool placed = std::any_of(kNearSlackMm.begin(), kNearSlackMm.end(), [&](double slack_mm) {
    return placeTumour(options, ratio, baseline_ml, slack_mm, anatomy, vessels, course);
  });
  if (!placed) {
    throw std::runtime_error(std::string("phantom: no ") + toString(options.site) +
                             " white-matter site fits a tumour");
  }
  if (change == PhantomChange::complete) leaveCavity(random, course);
  if (change == PhantomChange::new_lesion) addNewLesion(anatomy, vessels, seed, course);
  return course;
}

}  // namespace everynet::engine::phantom
