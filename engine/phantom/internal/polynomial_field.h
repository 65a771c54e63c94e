#pragma once

#include <array>

#include "engine/phantom/internal/random.h"

namespace everynet::engine::phantom {

// A smooth scalar field over the scanner's volume: a polynomial of first to third order in the
// position relative to the isocentre, measured in units of 100 mm.
class PolynomialField {
 public:
  PolynomialField() = default;  // zero everywhere
  // Standard normal coefficients for the terms of orders lowest..highest (1..3).
  static PolynomialField random(Random& random, int lowest_order, int highest_order);

  static constexpr int kTerms = 19;  // 3 linear, 6 quadratic, 10 cubic
  using Monomials = std::array<double, kTerms>;
  // The terms' monomials at q (position relative to the isocentre / 100 mm), to evaluate several
  // fields at one point.
  static Monomials monomials(const Vec3& q);

  double at(const Monomials& monomials) const;
  double at(const Vec3& q) const { return at(monomials(q)); }
  PolynomialField scaled(double factor) const;

 private:
  std::array<double, kTerms> coefficients_{};
};

// Directions spread evenly over the sphere, to find how large a field gets at a given radius.
const std::array<Vec3, 256>& sphereDirections();

}  // namespace everynet::engine::phantom
