#pragma once

#include "engine/phantom/internal/random.h"
#include "engine/phantom/longitudinal_phantom.h"

namespace everynet::engine::phantom {

// Where the head lies in the scanner: rotated about its centre, then moved.
class RigidMotion {
 public:
  RigidMotion() = default;  // the head as in the model
  RigidMotion(const PhantomPose& pose, const Vec3& head_centre_mm);

  Vec3 toScanner(const Vec3& anatomy_mm) const {
    return multiply(rotation_, anatomy_mm - centre_mm_) + centre_mm_ + translation_mm_;
  }
  Vec3 toAnatomy(const Vec3& scanner_mm) const {
    return multiplyTransposed(rotation_, scanner_mm - centre_mm_ - translation_mm_) + centre_mm_;
  }

 private:
  Mat3 rotation_{1, 0, 0, 0, 1, 0, 0, 0, 1};
  Vec3 centre_mm_{};
  Vec3 translation_mm_{};
};

// A pose rotated by rotation_deg about a random axis and moved by translation_mm in a random
// direction.
PhantomPose randomPose(Random& random, double rotation_deg, double translation_mm);

}  // namespace everynet::engine::phantom
