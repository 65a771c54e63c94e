#include "engine/phantom/internal/bias_field.h"

#include <algorithm>

namespace everynet::engine::phantom {

BiasField::BiasField(Random& random, const Vec3& isocentre_mm, double max_log_gain)
    : isocentre_mm_(isocentre_mm), log_gain_(PolynomialField::random(random, 1, 2)) {
  double largest = 0;
  for (const Vec3& unit : sphereDirections())
    largest = std::max(largest, std::abs(log_gain_.at(unit)));
  log_gain_ = log_gain_.scaled(max_log_gain / largest);
}

}  // namespace everynet::engine::phantom
