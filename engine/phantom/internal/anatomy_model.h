#pragma once

#include <array>
#include <filesystem>
#include <vector>

#include "engine/phantom/internal/vec3.h"
#include "engine/phantom/internal/voxel_grid.h"

namespace everynet::engine::phantom {

// What the image contrasts are made of at one point of the head.
struct TissueSample {
  float t1 = 0;            // Colin27 T1 value: white matter ~112, grey matter ~85, CSF < 50
  float brain = 0;         // brain fraction, 0..1
  float white_matter = 0;  // white-matter fraction, 0..1
  float venous = 0;        // dural sinus or cortical vein fraction, 0..1
  float arterial = 0;      // artery fraction, 0..1
};

// A point where a tumour may be centred: white matter of the cerebrum, off the midline.
struct TumourSite {
  Vec3 position_mm;
  float edge_distance_mm;       // to the nearest point outside the brain
  float ventricle_distance_mm;  // to the nearest point of a lateral ventricle
};

// The head of the phantom patient at baseline, on the Colin27 grid (1 mm, LPS): tissue channels,
// landmarks and the white-matter sites a tumour may grow from. The vessel channels start empty.
struct AnatomyModel {
  VoxelGrid grid;
  std::vector<TissueSample> tissue;  // grid order, x fastest
  std::vector<TumourSite> tumour_sites;
  Vec3 head_centre_mm{};   // centre of the head's bounding box
  Vec3 head_extent_mm{};   // size of that box along x, y and z
  Vec3 brain_centre_mm{};  // centre of the brain's bounding box
  Vec3 ventricle_centre_mm{};

  // Reads ch2.nii.gz (the head) and ch2bet.nii.gz (its brain) from template_dir. Throws
  // std::runtime_error naming a file that is missing or unreadable, or when the two differ in
  // geometry.
  static AnatomyModel load(const std::filesystem::path& template_dir);

  // Trilinear; outside the grid is air (all zero).
  TissueSample sample(const Vec3& position_mm) const;
  // The nearest voxel lies in the brain.
  bool isBrain(const Vec3& position_mm) const;
  // Distance (mm) from a point to the nearest point of a lateral ventricle, read at the nearest
  // point of a 2 mm lattice; far beyond the grid.
  double ventricleDistance(const Vec3& position_mm) const;

  // ventricleDistance's lattice: every second voxel of the grid along each axis.
  std::vector<float> ventricle_distance_lattice;
  std::array<int, 3> lattice_size{0, 0, 0};
};

}  // namespace everynet::engine::phantom
