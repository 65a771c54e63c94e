#pragma once
// A stack of DICOM slices: the normal of their plane, the direction matrix of the stack and the
// slices' order along the normal. The DICOM reader of the engine, the MR writer and the result
// objects of dicom/ all place slices this way.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

#include "engine/geometry/vector3.h"

namespace everynet::geometry {

// Image Orientation (Patient) in DICOM's order: the direction cosines of a row (the direction the
// column index advances along), then of a column.
using ImageOrientation = std::array<double, 6>;

// The unit normal of the slice plane, row direction x column direction: the direction in which a
// stack's slices advance. Throws std::runtime_error when the two directions are zero or parallel.
inline Vector3 sliceNormal(const Vector3& row, const Vector3& column) {
  Vector3 normal = cross(row, column);
  const double length = std::sqrt(dot(normal, normal));
  if (length < 1e-6) throw std::runtime_error("Image Orientation (Patient) is degenerate");
  for (double& value : normal) value /= length;
  return normal;
}

inline Vector3 sliceNormal(const ImageOrientation& o) {
  return sliceNormal(Vector3{o[0], o[1], o[2]}, Vector3{o[3], o[4], o[5]});
}

// The direction matrix of a stack of slices (row-major, columns the unit i, j and k axes, as
// PatientVolume::direction): i along the rows, j along the columns, k along the slice normal.
inline std::array<double, 9> stackDirection(const ImageOrientation& o) {
  const Vector3 n = sliceNormal(o);
  return {o[0], o[3], n[0], o[1], o[4], n[1], o[2], o[5], n[2]};
}

// The orientation of the slices of constant k of a direction matrix (its first two columns).
inline ImageOrientation imageOrientation(const std::array<double, 9>& direction) {
  const auto& d = direction;
  return {d[0], d[3], d[6], d[1], d[4], d[7]};
}

// Sorts slices by their position along the normal, ascending; slices at the same position keep
// their order. position_of(slice) is the slice's Image Position (Patient).
template <typename Slice, typename PositionOf>
void sortAlongNormal(std::vector<Slice>& slices, const Vector3& normal, PositionOf position_of) {
  std::stable_sort(slices.begin(), slices.end(), [&](const Slice& a, const Slice& b) {
    return dot(position_of(a), normal) < dot(position_of(b), normal);
  });
}

// The distance (mm) along the normal from each slice to the next: one fewer than the slices, and
// none negative when they are sorted along the normal.
template <typename Slice, typename PositionOf>
std::vector<double> gapsAlongNormal(const std::vector<Slice>& slices, const Vector3& normal,
                                    PositionOf position_of) {
  std::vector<double> gaps;
  for (std::size_t index = 1; index < slices.size(); ++index) {
    gaps.push_back(dot(position_of(slices[index]), normal) -
                   dot(position_of(slices[index - 1]), normal));
  }
  return gaps;
}

}  // namespace everynet::geometry
