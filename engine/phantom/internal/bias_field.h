#pragma once

#include <cmath>

#include "engine/phantom/internal/polynomial_field.h"

namespace everynet::engine::phantom {

// The receive coil's smooth, multiplicative intensity non-uniformity, fixed to the scanner.
class BiasField {
 public:
  BiasField() = default;  // uniform
  // The gain deviates by up to a factor exp(+-max_log_gain) 100 mm from the isocentre.
  BiasField(Random& random, const Vec3& isocentre_mm, double max_log_gain);

  double gain(const Vec3& position_mm) const {
    return std::exp(log_gain_.at(0.01 * (position_mm - isocentre_mm_)));
  }

 private:
  Vec3 isocentre_mm_{};
  PolynomialField log_gain_;
};

}  // namespace everynet::engine::phantom
