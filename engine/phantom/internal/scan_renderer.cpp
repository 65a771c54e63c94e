#include "engine/phantom/internal/scan_renderer.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/phantom/internal/acquisition_grid.h"
#include "engine/phantom/internal/parallel_for.h"

namespace everynet::engine::phantom {
namespace {

constexpr double kMaxSignal = 4095;  // 12-bit scanner range

std::uint64_t noiseKey(const Visit& visit, const PhantomAcquisition& acquisition) {
  std::string purpose = std::string("noise/") + toString(visit.which) + "/" +
                        toString(acquisition.contrast) + "/" +
                        std::to_string(static_cast<int>(acquisition.orientation));
  for (const double size : acquisition.voxel_mm) purpose += "/" + std::to_string(size);
  // Only a gap adds to the key: gapless scans keep the noise they had before there were gaps.
  if (acquisition.slice_gap_mm > 0) purpose += "/gap" + std::to_string(acquisition.slice_gap_mm);
  return streamKey(visit.seed, purpose);
}

}  // namespace

PhantomScan renderScan(const AnatomyModel& anatomy, const Visit& visit,
                       const PhantomAcquisition& acquisition) {
  const VoxelGrid grid = acquisitionGrid(acquisition, visit.fov_centre_mm, anatomy.head_extent_mm);
  const std::vector<double> offsets =
      sliceProfileOffsets(acquisition.voxel_mm[2], grid.spacing_mm[2]);
  const std::uint64_t noise_key = noiseKey(visit, acquisition);
  const double scale = kWhiteMatterSignal * visit.gain;
  const double sigma = visit.noise_fraction * scale;
  PhantomScan scan{grid.emptyVolume(), grid.emptyVolume(), grid.emptyVolume(), visit.pose};
  float* image = scan.image.image.voxels.data();
  float* mask = scan.tumour_mask.image.voxels.data();
  float* brain_mask = scan.brain_mask.image.voxels.data();
  parallelFor(grid.size[2], [&](int k) {
    for (int j = 0; j < grid.size[1]; ++j) {
      for (int i = 0; i < grid.size[0]; ++i) {
        double signal = 0;
        int inside = 0;
        double brain = 0;
        for (const double offset : offsets) {
          const Vec3 scanner = grid.position({double(i), double(j), k + offset});
          const Vec3 at = visit.anatomyPosition(scanner);
          const LesionSample lesion = sampleLesions(visit.lesions, at);
          const TissueSample tissue = anatomy.sample(visit.change.modelPosition(at));
          brain += tissue.brain;
          signal += relativeSignal(acquisition.contrast, tissue, lesion, visit.enhancement);
          if (lesion.enhancingTumour() > 0 && insideEnhancingTumour(visit.lesions, at)) ++inside;
        }
        const std::size_t index = grid.index(i, j, k);
        const Vec3 centre = grid.position({double(i), double(j), double(k)});
        const double clean = signal / offsets.size() * scale * visit.bias.gain(centre);
        // Magnitude of a complex signal with Gaussian noise in both channels: Rician.
        const auto [noise_real, noise_imaginary] = hashedNormalPair(noise_key, index);
        const double real = clean + sigma * noise_real;
        const double imaginary = sigma * noise_imaginary;
        image[index] = static_cast<float>(
            std::min(kMaxSignal, std::sqrt(real * real + imaginary * imaginary)));
        mask[index] = 2 * inside >= static_cast<int>(offsets.size()) ? 1.0f : 0.0f;
        brain_mask[index] = brain / offsets.size() >= 0.5 ? 1.0f : 0.0f;
      }
    }
  });
  return scan;
}

}  // namespace everynet::engine::phantom
