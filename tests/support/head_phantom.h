#pragma once

#include <array>
#include <cstdint>

namespace everynet::test {

// Offsets from the centre of a volume in mm, along its rows, its columns and its slice normal.
using VolumeOffsetMm = std::array<double, 3>;

// A head-like phantom: an ellipsoid skull shell around the brain, and a spherical lesion with a
// bright (enhancing) rim around a dark necrotic core. Values are MR signal in 16-bit units.
class HeadPhantom {
 public:
  // The head fills most of a volume of the given extent (mm); the lesion sits off-centre and has
  // the given radius, independent of the extent.
  HeadPhantom(const std::array<double, 3>& volume_extent_mm, double lesion_radius_mm);

  std::uint16_t signalAt(const VolumeOffsetMm& offset) const;

 private:
  std::array<double, 3> head_semi_axes_mm_;
  VolumeOffsetMm lesion_centre_;
  double lesion_radius_mm_;
};

}  // namespace everynet::test
