#pragma once

#include <vector>

#include "engine/phantom/internal/vec3.h"
#include "engine/phantom/internal/voxel_grid.h"

namespace everynet::engine::phantom {

// One term of a radial shape function: amplitude times the Legendre polynomial of the given order
// (1..5) of the cosine between a direction and `axis`.
struct ShapeTerm {
  Vec3 axis{1, 0, 0};
  int order = 2;
  double amplitude = 0;
};

// What a point is made of, as partial-volume fractions (0..1) of one lesion or of several.
struct LesionSample {
  double rim = 0;       // enhancing rim
  double core = 0;      // necrotic core inside the rim
  double oedema = 0;    // oedema around the tumour, before the tissue weights it
  double cavity = 0;    // fluid-filled cavity that a treated tumour left
  double rim_gain = 1;  // brightness of the rim here relative to its mean
  double enhancingTumour() const { return rim + core; }
};

enum class LesionKind { enhancing_tumour, cavity };

// A star-shaped lesion: its boundary lies radius_mm * (1 + sum of shape terms) from the centre in
// each direction. An enhancing tumour has a rim of rim_mm inside that boundary around a necrotic
// core (a solid one enhances throughout), and oedema reaching up to oedema_mm (modulated by
// oedema_shape) beyond it.
struct Lesion {
  LesionKind kind = LesionKind::enhancing_tumour;
  Vec3 centre_mm{};
  double radius_mm = 10;
  std::vector<ShapeTerm> shape;  // sum of |amplitude| below 1 keeps the shape star-shaped
  double rim_mm = 2.5;
  bool solid = false;  // no necrotic core: the rim fills it
  double oedema_mm = 0;
  std::vector<ShapeTerm> oedema_shape;
  ShapeTerm rim_brightness;  // the rim enhances unevenly: gain 1 + this term

  double boundaryRadius(const Vec3& unit_direction) const;
  double maxBoundaryRadius() const;
  // How far beyond the centre anything of the lesion (oedema included) can reach, mm.
  double reach() const;
  // Depth of a point below the boundary along its ray from the centre (mm; > 0 inside).
  double depth(const Vec3& position_mm) const;
  bool contains(const Vec3& position_mm) const;
  LesionSample sample(const Vec3& position_mm) const;
  // The exact volume of the continuous shape (mL), by quadrature over directions.
  double shapeVolumeMl() const;
  // The same lesion with radius_mm scaled so that shapeVolumeMl() is volume_ml.
  Lesion withShapeVolume(double volume_ml) const;
};

// Samples of several lesions combined (they do not overlap; their oedema may).
LesionSample sampleLesions(const std::vector<Lesion>& lesions, const Vec3& position_mm);
// Inside the enhancing tumour of any of them.
bool insideEnhancingTumour(const std::vector<Lesion>& lesions, const Vec3& position_mm);

// Volume (mL) of the union of the lesions' enhancing tumours counted on a grid: the voxels whose
// centre lies inside, times the voxel volume.
double enhancingVolumeOnGrid(const std::vector<Lesion>& lesions, const VoxelGrid& grid);

// The radius (mm) of a sphere of the given volume (mL).
double equivalentRadiusMm(double volume_ml);

}  // namespace everynet::engine::phantom
