#include "engine/phantom/internal/scanner_distortion.h"

#include <algorithm>

namespace everynet::engine::phantom {

ScannerDistortion::ScannerDistortion(Random& random, const Vec3& isocentre_mm,
                                     double max_displacement_mm)
    : isocentre_mm_(isocentre_mm) {
  for (PolynomialField& field : fields_) field = PolynomialField::random(random, 2, 3);
  double largest = 0;
  for (const Vec3& unit : sphereDirections()) {
    largest =
        std::max(largest, norm({fields_[0].at(unit), fields_[1].at(unit), fields_[2].at(unit)}));
  }
  for (PolynomialField& field : fields_) field = field.scaled(max_displacement_mm / largest);
}

}  // namespace everynet::engine::phantom
