#pragma once

#include <array>
#include <cstdint>

#include "engine/phantom/longitudinal_phantom.h"

namespace everynet::engine {

// What a varied phantom draws from its seed, so that a benchmark of many seeds spans the tumours
// and acquisitions that read-out rules must cope with.
struct PhantomVariety {
  PhantomTumour tumour = PhantomTumour::rim;
  PhantomSite site = PhantomSite::deep;
  double enhancement = kDefaultTumourEnhancement;  // 1.2..1.8
  // Each visit's T1ce: in-plane 0.45..1.2 mm, slices 1..6 mm (thin 3D or thicker 2D, drawn per
  // visit, so the two often differ), and a gap of up to 1 mm for some 2D ones (mm).
  std::array<double, 3> baseline_voxel_mm{1, 1, 1};
  std::array<double, 3> followup_voxel_mm{1, 1, 1};
  double baseline_gap_mm = 0;
  double followup_gap_mm = 0;
};

// Deterministic for a seed, the same on every platform; independent of the other draws of a
// phantom of that seed.
PhantomVariety drawPhantomVariety(std::uint64_t seed);

}  // namespace everynet::engine
