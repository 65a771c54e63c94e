#include "engine/phantom/internal/polynomial_field.h"

#include <cmath>
#include <numbers>

namespace everynet::engine::phantom {
namespace {

constexpr std::array<int, 19> kOrderOfTerm{1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};

}  // namespace

PolynomialField PolynomialField::random(Random& random, int lowest_order, int highest_order) {
  PolynomialField field;
  for (int term = 0; term < kTerms; ++term) {
    const int order = kOrderOfTerm[term];
    if (order >= lowest_order && order <= highest_order)
      field.coefficients_[term] = random.normal();
  }
  return field;
}

PolynomialField::Monomials PolynomialField::monomials(const Vec3& q) {
  const double x = q[0];
  const double y = q[1];
  const double z = q[2];
  return {x,         y,         z,         x * x,     y * y,     z * z,     x * y,
          x * z,     y * z,     x * x * x, y * y * y, z * z * z, x * x * y, x * x * z,
          y * y * x, y * y * z, z * z * x, z * z * y, x * y * z};
}

double PolynomialField::at(const Monomials& monomials) const {
  double sum = 0;
  for (int term = 0; term < kTerms; ++term) sum += coefficients_[term] * monomials[term];
  return sum;
}

PolynomialField PolynomialField::scaled(double factor) const {
  PolynomialField field = *this;
  for (double& c : field.coefficients_) c *= factor;
  return field;
}

const std::array<Vec3, 256>& sphereDirections() {
  static const std::array<Vec3, 256> directions = [] {
    std::array<Vec3, 256> result{};
    const double golden = std::numbers::pi * (3 - std::sqrt(5.0));
    for (std::size_t i = 0; i < result.size(); ++i) {
      const double z = 1 - (static_cast<double>(i) + 0.5) * 2.0 / result.size();
      const double r = std::sqrt(1 - z * z);
      result[i] = {r * std::cos(golden * i), r * std::sin(golden * i), z};
    }
    return result;
  }();
  return directions;
}

}  // namespace everynet::engine::phantom
