#pragma once

#include <array>
#include <filesystem>
#include <optional>
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
  // Distance (mm) from a point in the brain to the nearest point outside it (0 outside), and from
  // a point to the nearest point of a lateral ventricle (0 inside one), read at the nearest point
  // of the site lattice; 0 and far beyond the grid.
  double edgeDistance(const Vec3& position_mm) const;
  double ventricleDistance(const Vec3& position_mm) const;

  // The site lattice (every second voxel of the grid along each axis) and its distances.
  std::array<int, 3> lattice_size{0, 0, 0};
  std::vector<float> edge_distance_lattice;
  std::vector<float> ventricle_distance_lattice;

 private:
  // The lattice point nearest a position, or none beyond the lattice.
  std::optional<std::size_t> latticeIndex(const Vec3& position_mm) const;
};

}  // namespace everynet::engine::phantom
