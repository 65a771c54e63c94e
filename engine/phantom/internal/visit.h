#pragma once

#include <cstdint>
#include <vector>

#include "engine/phantom/internal/anatomical_change.h"
#include "engine/phantom/internal/bias_field.h"
#include "engine/phantom/internal/contrast.h"
#include "engine/phantom/internal/rigid_motion.h"
#include "engine/phantom/internal/scanner_distortion.h"

namespace everynet::engine::phantom {

// One visit of the phantom patient: the anatomy as it was then and how the scanner saw it. Every
// series of a visit shares these (the patient stayed on the table).
struct Visit {
  PhantomVisit which = PhantomVisit::baseline;
  PhantomPose pose;
  RigidMotion motion;
  ScannerDistortion distortion;
  BiasField bias;
  double gain = 1;
  double noise_fraction = 0.02;  // noise sigma relative to white matter
  Enhancement enhancement;
  std::vector<Lesion> lesions;
  AnatomicalChange change;
  Vec3 fov_centre_mm{};  // in the scanner's patient coordinates
  std::uint64_t seed = 0;

  // Where in this visit's anatomy lies what the scanner shows at scanner_mm.
  Vec3 anatomyPosition(const Vec3& scanner_mm) const {
    return motion.toAnatomy(scanner_mm + distortion.displacement(scanner_mm));
  }
};

// The baseline has the model's anatomy; the follow-up has the course's follow-up lesions and the
// anatomical change, another pose (a few degrees, a few mm), gain, bias, noise, distortion and
// vessel enhancement. Deterministic for a seed.
Visit makeVisit(PhantomVisit which, const PhantomOptions& options, const AnatomyModel& anatomy,
                const DiseaseCourse& course);

// The baseline visit again with the course's follow-up lesions: only they and the noise differ.
Visit tumourOnlyFollowup(const Visit& baseline, const DiseaseCourse& course);

}  // namespace everynet::engine::phantom
