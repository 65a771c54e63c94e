#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/phantom/internal/anatomy_model.h"
#include "engine/phantom/internal/disease_course.h"

namespace everynet::engine::phantom {

// How the follow-up's anatomy differs from the baseline's besides the lesions themselves: the
// ventricles grow or shrink a little, and the tissue around the tumour is pushed away as it grows
// (mass effect) or relaxes towards it as it shrinks. The follow-up's lesions stay where the
// disease course put them (they are anchored), so lesions and truth share model coordinates.
class AnatomicalChange {
 public:
  // No change: the baseline visit.
  AnatomicalChange() = default;
  // The change of the follow-up; none at all for PhantomChange::nochange.
  AnatomicalChange(const AnatomyModel& anatomy, const DiseaseCourse& course, PhantomChange change,
                   std::uint64_t seed);

  // Where the tissue seen at `position_mm` of this visit's anatomy lies in the model (mm).
  Vec3 modelPosition(const Vec3& position_mm) const;

  // Relative change of the ventricles' linear size (e.g. 0.05: about 16% more volume).
  double ventricleStrain() const { return ventricle_strain_; }

 private:
  struct Anchor {
    Vec3 centre_mm;
    double radius_mm;
  };
  // 1 far from the anchors, falling to 0 at them.
  static double freedom(const std::vector<Anchor>& anchors, const Vec3& position_mm);
  Vec3 ventricleDisplacement(const Vec3& position_mm) const;
  Vec3 massEffectDisplacement(const Vec3& position_mm) const;

  Vec3 ventricle_centre_mm_{};
  double ventricle_strain_ = 0;
  std::vector<Anchor> all_lesions_;
  std::vector<Anchor> other_lesions_;  // all but the one that pushes
  std::optional<Lesion> pushing_lesion_;
  double pushed_volume_mm3_ = 0;  // how much volume the tissue around makes room for (signed)
  double taper_from_mm_ = 0;      // the mass effect fades out between these distances
  double taper_to_mm_ = 0;
};

}  // namespace everynet::engine::phantom
