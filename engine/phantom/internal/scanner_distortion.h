#pragma once

#include "engine/phantom/internal/polynomial_field.h"

namespace everynet::engine::phantom {

// Gradient non-linearity: the scanner shows at position p what lies at p + displacement(p); a
// smooth second- and third-order field that grows away from the isocentre.
class ScannerDistortion {
 public:
  ScannerDistortion() = default;  // none
  // The largest displacement 100 mm from the isocentre is max_displacement_mm.
  ScannerDistortion(Random& random, const Vec3& isocentre_mm, double max_displacement_mm);

  Vec3 displacement(const Vec3& position_mm) const {
    const auto m = PolynomialField::monomials(0.01 * (position_mm - isocentre_mm_));
    return {fields_[0].at(m), fields_[1].at(m), fields_[2].at(m)};
  }

 private:
  Vec3 isocentre_mm_{};
  std::array<PolynomialField, 3> fields_;
};

}  // namespace everynet::engine::phantom
