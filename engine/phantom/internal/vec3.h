#pragma once
// Points and directions in patient coordinates (DICOM LPS, mm) with the few operations the
// phantom needs.

#include <array>
#include <cmath>

#include "engine/geometry/vector3.h"

namespace everynet::engine::phantom {

// The geometry library's vector under a short name: the phantom's models use it on every line.
using Vec3 = geometry::Vector3;
using geometry::cross;
using geometry::dot;

// Row-major 3x3 matrix: m[3 * row + column].
using Mat3 = std::array<double, 9>;

inline Vec3 operator+(const Vec3& a, const Vec3& b) {
  return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
inline Vec3 operator-(const Vec3& a, const Vec3& b) {
  return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
inline Vec3 operator*(double s, const Vec3& a) {
  return {s * a[0], s * a[1], s * a[2]};
}
inline double norm(const Vec3& a) {
  return std::sqrt(dot(a, a));
}
inline Vec3 normalised(const Vec3& a) {
  return (1.0 / norm(a)) * a;
}

inline Vec3 multiply(const Mat3& m, const Vec3& v) {
  return {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
          m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
}
inline Vec3 multiplyTransposed(const Mat3& m, const Vec3& v) {
  return {m[0] * v[0] + m[3] * v[1] + m[6] * v[2], m[1] * v[0] + m[4] * v[1] + m[7] * v[2],
          m[2] * v[0] + m[5] * v[1] + m[8] * v[2]};
}
inline Mat3 multiply(const Mat3& a, const Mat3& b) {
  Mat3 c{};
  for (int row = 0; row < 3; ++row) {
    for (int column = 0; column < 3; ++column) {
      for (int k = 0; k < 3; ++k) c[3 * row + column] += a[3 * row + k] * b[3 * k + column];
    }
  }
  return c;
}

// Positions given in MNI/RAS millimetres (the Colin27 template's space) in DICOM LPS.
inline Vec3 lpsFromRas(const Vec3& ras) {
  return {-ras[0], -ras[1], ras[2]};
}

inline double clamp01(double x) {
  return x < 0 ? 0 : (x > 1 ? 1 : x);
}
// 0 below edge0, 1 above edge1, a smooth cubic step in between.
inline double smoothstep(double edge0, double edge1, double x) {
  const double t = clamp01((x - edge0) / (edge1 - edge0));
  return t * t * (3 - 2 * t);
}

}  // namespace everynet::engine::phantom
