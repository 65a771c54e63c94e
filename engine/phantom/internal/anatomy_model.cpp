#include "engine/phantom/internal/anatomy_model.h"

#include <itkSignedMaurerDistanceMapImageFilter.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/imaging/internal/itk_image.h"
#include "engine/phantom/internal/template_reader.h"

namespace everynet::engine::phantom {
namespace {

// Colin27's T1 values (0..255) of the tissues, from its histogram inside ch2bet.
constexpr float kCsfBelow = 55;          // ventricles and sulci
constexpr float kWhiteMatterFrom = 95;   // the white-matter fraction rises from here ...
constexpr float kWhiteMatterFull = 110;  // ... to 1 here
constexpr float kHeadFrom = 30;          // skin and everything inside it; air is darker

// Tumour sites: a tumour grows in the white matter of a hemisphere above the skull base.
constexpr double kSiteMinOffMidlineMm = 10;
constexpr double kSiteMinMniZMm = -10;
constexpr double kSiteMinMeanT1 = 100;  // mostly white matter in the 5x5x5 voxels around

bool sameGeometry(const geometry::PatientVolume& a, const geometry::PatientVolume& b) {
  const auto close = [](const auto& x, const auto& y) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::abs(x[i] - y[i]) > 1e-3) return false;
    }
    return true;
  };
  return a.image.size == b.image.size && close(a.image.spacing_mm, b.image.spacing_mm) &&
         close(a.origin_mm, b.origin_mm) && close(a.direction, b.direction);
}

// The site lattice: every kSiteStride-th voxel along each axis.
constexpr int kSiteStride = 2;

// Distance (mm) from each point of the site lattice to the nearest lattice point outside the brain
// (0 outside): on the lattice it costs an eighth and is precise enough to keep tumours off the
// brain's edge. Lattice point (a, b, c) is voxel kSiteStride * (a, b, c).
std::vector<float> latticeEdgeDistances(const geometry::PatientVolume& brain,
                                        std::array<int, 3>& size) {
  using Mask = itk::Image<unsigned char, 3>;
  const auto& n = brain.image.size;
  Mask::SizeType lattice_size;
  Mask::SpacingType spacing;
  for (int axis = 0; axis < 3; ++axis) {
    size[axis] = (n[axis] + kSiteStride - 1) / kSiteStride;
    lattice_size[axis] = static_cast<itk::SizeValueType>(size[axis]);
    spacing[axis] = kSiteStride * brain.image.spacing_mm[axis];
  }
  auto mask = Mask::New();
  mask->SetRegions(Mask::RegionType(lattice_size));
  mask->SetSpacing(spacing);
  mask->Allocate();
  unsigned char* out = mask->GetBufferPointer();
  for (int c = 0; c < size[2]; ++c) {
    for (int b = 0; b < size[1]; ++b) {
      for (int a = 0; a < size[0]; ++a) {
        *out++ = brain.image.at(kSiteStride * a, kSiteStride * b, kSiteStride * c) > 0 ? 1 : 0;
      }
    }
  }
  auto distance = itk::SignedMaurerDistanceMapImageFilter<Mask, internal::ItkImage>::New();
  distance->SetInput(mask);
  distance->SetInsideIsPositive(true);
  distance->SetSquaredDistance(false);
  distance->SetUseImageSpacing(true);
  distance->Update();
  const float* d = distance->GetOutput()->GetBufferPointer();
  std::vector<float> result(d, d + static_cast<std::size_t>(size[0]) * size[1] * size[2]);
  for (float& value : result) value = std::max(value, 0.0f);
  return result;
}

struct Box {
  Vec3 low{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
           std::numeric_limits<double>::max()};
  Vec3 high{std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest(),
            std::numeric_limits<double>::lowest()};
  void add(const Vec3& p) {
    for (int a = 0; a < 3; ++a) {
      low[a] = std::min(low[a], p[a]);
      high[a] = std::max(high[a], p[a]);
    }
  }
  Vec3 centre() const { return 0.5 * (low + high); }
  Vec3 extent() const { return high - low; }
};

double meanT1Around(const AnatomyModel& model, int i, int j, int k) {
  double sum = 0;
  int count = 0;
  for (int dk = -2; dk <= 2; ++dk) {
    for (int dj = -2; dj <= 2; ++dj) {
      for (int di = -2; di <= 2; ++di) {
        sum += model.tissue[model.grid.index(i + di, j + dj, k + dk)].t1;
        ++count;
      }
    }
  }
  return sum / count;
}

// The lateral ventricles: CSF inside the brain in a box around the MNI position where they lie.
bool isVentricle(const TissueSample& tissue, const Vec3& position_mm) {
  if (tissue.brain < 1 || tissue.t1 >= kCsfBelow) return false;
  const Vec3 mni = lpsFromRas(position_mm);  // the flip is its own inverse
  return std::abs(mni[0]) <= 22 && mni[1] >= -40 && mni[1] <= 25 && mni[2] >= 0 && mni[2] <= 30;
}

Vec3 ventricleCentre(const AnatomyModel& model) {
  Vec3 sum{0, 0, 0};
  double count = 0;
  const auto& n = model.grid.size;
  for (int k = 0; k < n[2]; ++k) {
    for (int j = 0; j < n[1]; ++j) {
      for (int i = 0; i < n[0]; ++i) {
        const Vec3 p = model.grid.position({double(i), double(j), double(k)});
        if (!isVentricle(model.tissue[model.grid.index(i, j, k)], p)) continue;
        sum = sum + p;
        ++count;
      }
    }
  }
  if (count == 0) return lpsFromRas({0, -10, 15});
  return (1.0 / count) * sum;
}

// Distance (mm) from each point of the site lattice to the nearest lattice point in a lateral
// ventricle, for periventricular tumours.
std::vector<float> latticeVentricleDistances(const AnatomyModel& model,
                                             const std::array<int, 3>& size) {
  using Mask = itk::Image<unsigned char, 3>;
  Mask::SizeType lattice_size;
  Mask::SpacingType spacing;
  for (int axis = 0; axis < 3; ++axis) {
    lattice_size[axis] = static_cast<itk::SizeValueType>(size[axis]);
    spacing[axis] = kSiteStride * model.grid.spacing_mm[axis];
  }
  auto mask = Mask::New();
  mask->SetRegions(Mask::RegionType(lattice_size));
  mask->SetSpacing(spacing);
  mask->Allocate();
  unsigned char* out = mask->GetBufferPointer();
  for (int c = 0; c < size[2]; ++c) {
    for (int b = 0; b < size[1]; ++b) {
      for (int a = 0; a < size[0]; ++a) {
        const int i = kSiteStride * a;
        const int j = kSiteStride * b;
        const int k = kSiteStride * c;
        const Vec3 p = model.grid.position({double(i), double(j), double(k)});
        *out++ = isVentricle(model.tissue[model.grid.index(i, j, k)], p) ? 1 : 0;
      }
    }
  }
  auto distance = itk::SignedMaurerDistanceMapImageFilter<Mask, internal::ItkImage>::New();
  distance->SetInput(mask);
  distance->SetInsideIsPositive(false);
  distance->SetSquaredDistance(false);
  distance->SetUseImageSpacing(true);
  distance->Update();
  const float* d = distance->GetOutput()->GetBufferPointer();
  std::vector<float> result(d, d + static_cast<std::size_t>(size[0]) * size[1] * size[2]);
  for (float& value : result) value = std::max(value, 0.0f);
  return result;
}

void findTumourSites(AnatomyModel& model, const geometry::PatientVolume& brain) {
  std::array<int, 3> lattice{};
  model.edge_distance_lattice = latticeEdgeDistances(brain, lattice);
  const std::vector<float>& edge_distance = model.edge_distance_lattice;
  model.ventricle_distance_lattice = latticeVentricleDistances(model, lattice);
  model.lattice_size = lattice;
  const std::vector<float>& ventricle_distance = model.ventricle_distance_lattice;
  const auto& n = model.grid.size;
  for (int c = 1; c < lattice[2]; ++c) {
    for (int b = 1; b < lattice[1]; ++b) {
      for (int a = 1; a < lattice[0]; ++a) {
        const std::size_t lattice_index =
            a + static_cast<std::size_t>(lattice[0]) * (b + lattice[1] * c);
        const float distance = edge_distance[lattice_index];
        const int i = kSiteStride * a;
        const int j = kSiteStride * b;
        const int k = kSiteStride * c;
        if (distance <= 0 || i >= n[0] - 2 || j >= n[1] - 2 || k >= n[2] - 2) continue;
        const Vec3 p = model.grid.position({double(i), double(j), double(k)});
        // LPS x and MNI z: left-right off the midline, above the skull base.
        if (std::abs(p[0]) < kSiteMinOffMidlineMm || p[2] < kSiteMinMniZMm) continue;
        if (meanT1Around(model, i, j, k) < kSiteMinMeanT1) continue;
        model.tumour_sites.push_back({p, distance, ventricle_distance[lattice_index]});
      }
    }
  }
}

}  // namespace

AnatomyModel AnatomyModel::load(const std::filesystem::path& template_dir) {
  const geometry::PatientVolume head = readTemplate(template_dir / "ch2.nii.gz");
  const geometry::PatientVolume brain = readTemplate(template_dir / "ch2bet.nii.gz");
  if (!sameGeometry(head, brain)) {
    throw std::runtime_error("phantom templates ch2.nii.gz and ch2bet.nii.gz in " +
                             template_dir.string() + " do not share one grid");
  }
  AnatomyModel model;
  model.grid = VoxelGrid::of(head);
  model.tissue.resize(model.grid.voxelCount());
  Box head_box;
  Box brain_box;
  const auto& n = model.grid.size;
  for (int k = 0; k < n[2]; ++k) {
    for (int j = 0; j < n[1]; ++j) {
      for (int i = 0; i < n[0]; ++i) {
        const std::size_t index = model.grid.index(i, j, k);
        TissueSample& t = model.tissue[index];
        t.t1 = head.image.voxels[index];
        t.brain = brain.image.voxels[index] > 0 ? 1.0f : 0.0f;
        t.white_matter =
            t.brain * static_cast<float>(smoothstep(kWhiteMatterFrom, kWhiteMatterFull, t.t1));
        const Vec3 p = model.grid.position({double(i), double(j), double(k)});
        if (t.t1 >= kHeadFrom) head_box.add(p);
        if (t.brain > 0) brain_box.add(p);
      }
    }
  }
  model.head_centre_mm = head_box.centre();
  model.head_extent_mm = head_box.extent();
  model.brain_centre_mm = brain_box.centre();
  model.ventricle_centre_mm = ventricleCentre(model);
  findTumourSites(model, brain);
  if (model.tumour_sites.empty()) {
    throw std::runtime_error("phantom templates in " + template_dir.string() +
                             " show no white matter to place a tumour in");
  }
  return model;
}

TissueSample AnatomyModel::sample(const Vec3& position_mm) const {
  const Vec3 x = grid.continuousIndex(position_mm);
  const auto& n = grid.size;
  if (!(x[0] >= 0 && x[1] >= 0 && x[2] >= 0 && x[0] <= n[0] - 1 && x[1] <= n[1] - 1 &&
        x[2] <= n[2] - 1)) {
    return {};
  }
  // A point on the last plane uses the cell below it (weight 1 on the plane): corners stay inside.
  const int i = std::min(static_cast<int>(x[0]), n[0] - 2);
  const int j = std::min(static_cast<int>(x[1]), n[1] - 2);
  const int k = std::min(static_cast<int>(x[2]), n[2] - 2);
  const float fx = static_cast<float>(x[0] - i);
  const float fy = static_cast<float>(x[1] - j);
  const float fz = static_cast<float>(x[2] - k);
  const std::size_t sy = static_cast<std::size_t>(n[0]);
  const std::size_t sz = sy * static_cast<std::size_t>(n[1]);
  const std::size_t base = grid.index(i, j, k);
  const std::array<std::size_t, 8> corner{base,           base + 1,          base + sy,
                                          base + sy + 1,  base + sz,         base + sz + 1,
                                          base + sz + sy, base + sz + sy + 1};
  const std::array<float, 8> weight{(1 - fx) * (1 - fy) * (1 - fz),
                                    fx * (1 - fy) * (1 - fz),
                                    (1 - fx) * fy * (1 - fz),
                                    fx * fy * (1 - fz),
                                    (1 - fx) * (1 - fy) * fz,
                                    fx * (1 - fy) * fz,
                                    (1 - fx) * fy * fz,
                                    fx * fy * fz};
  TissueSample result;
  for (int c = 0; c < 8; ++c) {
    const TissueSample& t = tissue[corner[c]];
    const float w = weight[c];
    result.t1 += w * t.t1;
    result.brain += w * t.brain;
    result.white_matter += w * t.white_matter;
    result.venous += w * t.venous;
    result.arterial += w * t.arterial;
  }
  return result;
}

bool AnatomyModel::isBrain(const Vec3& position_mm) const {
  const Vec3 x = grid.continuousIndex(position_mm);
  const int i = static_cast<int>(std::lround(x[0]));
  const int j = static_cast<int>(std::lround(x[1]));
  const int k = static_cast<int>(std::lround(x[2]));
  if (i < 0 || j < 0 || k < 0 || i >= grid.size[0] || j >= grid.size[1] || k >= grid.size[2]) {
    return false;
  }
  return tissue[grid.index(i, j, k)].brain > 0;
}

std::optional<std::size_t> AnatomyModel::latticeIndex(const Vec3& position_mm) const {
  const Vec3 x = grid.continuousIndex(position_mm);
  std::array<int, 3> at{};
  for (int axis = 0; axis < 3; ++axis) {
    at[axis] = static_cast<int>(std::lround(x[axis] / kSiteStride));
    if (at[axis] < 0 || at[axis] >= lattice_size[axis]) return std::nullopt;
  }
  return at[0] + static_cast<std::size_t>(lattice_size[0]) * (at[1] + lattice_size[1] * at[2]);
}

double AnatomyModel::edgeDistance(const Vec3& position_mm) const {
  const auto at = latticeIndex(position_mm);
  return at ? edge_distance_lattice[*at] : 0.0;
}

double AnatomyModel::ventricleDistance(const Vec3& position_mm) const {
  const auto at = latticeIndex(position_mm);
  return at ? ventricle_distance_lattice[*at] : std::numeric_limits<double>::max();
}

}  // namespace everynet::engine::phantom
