#include "engine/phantom/internal/visit.h"

#include <cmath>
#include <string>

namespace everynet::engine::phantom {
namespace {

// The baseline's pose in the scanner and how much the follow-up's differs from it.
constexpr double kBaselineMaxRotationDeg = 3;
constexpr double kBaselineMaxTranslationMm = 3;
constexpr double kFollowupMinRotationDeg = 2;
constexpr double kFollowupMaxRotationDeg = 5;
constexpr double kFollowupMinTranslationMm = 2;
constexpr double kFollowupMaxTranslationMm = 6;
// The technician centres the field of view on the head within a few mm.
constexpr double kCentringErrorMm = 4;

}  // namespace

Visit makeVisit(PhantomVisit which, const PhantomOptions& options, const AnatomyModel& anatomy,
                const DiseaseCourse& course) {
  const std::uint64_t seed = options.seed;
  const bool followup = which == PhantomVisit::followup;
  Random random(seed, followup ? "visit/followup" : "visit/baseline");
  Visit visit;
  visit.which = which;
  visit.seed = seed;
  // Both visits draw the baseline's pose; the follow-up adds its difference.
  Random pose_random(seed, "pose/baseline");
  const double baseline_rotation = pose_random.uniform(0, kBaselineMaxRotationDeg);
  const double baseline_translation = pose_random.uniform(0, kBaselineMaxTranslationMm);
  visit.pose = randomPose(pose_random, baseline_rotation, baseline_translation);
  if (followup) {
    const double rotation = random.uniform(kFollowupMinRotationDeg, kFollowupMaxRotationDeg);
    const double translation = random.uniform(kFollowupMinTranslationMm, kFollowupMaxTranslationMm);
    const PhantomPose difference = randomPose(random, rotation, translation);
    for (int axis = 0; axis < 3; ++axis) {
      visit.pose.rotation_deg[axis] += difference.rotation_deg[axis];
      visit.pose.translation_mm[axis] += difference.translation_mm[axis];
    }
  }
  visit.motion = RigidMotion(visit.pose, anatomy.head_centre_mm);
  const Vec3 centred = visit.motion.toScanner(anatomy.head_centre_mm);
  for (int axis = 0; axis < 3; ++axis) {
    visit.fov_centre_mm[axis] =
        std::round(centred[axis] + random.uniform(-kCentringErrorMm, kCentringErrorMm));
  }
  visit.distortion = ScannerDistortion(random, visit.fov_centre_mm, random.uniform(1.0, 2.0));
  visit.bias = BiasField(random, visit.fov_centre_mm, random.uniform(0.08, 0.18));
  visit.gain = random.uniform(0.85, 1.15);
  visit.noise_fraction = random.uniform(0.015, 0.03);
  visit.enhancement.venous = random.uniform(0.8, 1.2);
  visit.enhancement.arterial = random.uniform(0.6, 1.3);
  visit.enhancement.tumour = options.enhancement;
  visit.lesions = followup ? course.followup : course.baseline;
  if (followup) visit.change = AnatomicalChange(anatomy, course, options.change, seed);
  return visit;
}

Visit tumourOnlyFollowup(const Visit& baseline, const DiseaseCourse& course) {
  Visit followup = baseline;
  followup.which = PhantomVisit::followup;  // which also draws the follow-up's own noise
  followup.lesions = course.followup;
  return followup;
}

}  // namespace everynet::engine::phantom
