#pragma once

#include <optional>
#include <string>
#include <vector>

namespace everynet::engine {

// Everything that sets the size and length of one personal training. Named profiles below.
struct TrainingProfile {
  std::string name;
  int grid_xy = 256;  // working grid in-plane size (voxels)
  int grid_z = 128;   // working grid slices
  int generator_iterations = 1000;
  int critic_updates = 5;          // before each generator update...
  int heavy_critic_updates = 100;  // ...except in the first warm-up iterations and every period
  int warmup_iterations = 25;
  int heavy_period = 100;
  int batch_size = 4;
  // Adam's step sizes. VA-GAN: 1e-4 "works a bit better" than 1e-3.
  double generator_learning_rate = 1e-4;
  double critic_learning_rate = 1e-4;
  double gradient_penalty_weight = 10;
  // Sparsity term on the map. VA-GAN uses 100; measured here, 100 keeps the map flat (a growing
  // disc was not found) and 10 finds it (engine/PROFILES.md#decision-sparsity-weight).
  double map_l1_weight = 10;
  // VA-GAN's widths: narrower ones found far less (engine/PROFILES.md#decision-network-widths).
  std::vector<int> generator_widths{16, 32, 64, 128};  // U-Net, per level
  std::vector<std::vector<int>> critic_levels{{16}, {32}, {64, 64}, {128, 128}, {256, 256, 256}};
  // Augmentation (paper): each image an oblique plane through the volume, rotated up to +-15
  // degrees about each axis and shifted up to 10 voxels in each dimension of the paper's
  // 256x256x128 grid (scaled to the working grid per dimension); Gaussian noise with a standard
  // deviation drawn from [0, max]. The paper says "variance 0..0.1", but the batchgenerators
  // function it used passes that number to numpy as the standard deviation
  // (engine/PROFILES.md#decision-augmentation-noise).
  double augment_rotation_degrees = 15;
  double augment_shift_voxels = 10;
  double augment_noise_sigma_max = 0.1;
  // Share of the training images drawn through the baseline tumour's slices (the rest uniformly
  // over the volume, as the paper draws them all). The tumour is on a few slices of many, and a
  // critic that meets it that rarely learns too slowly how it changed
  // (engine/PROFILES.md#decision-tumour-focus).
  double tumour_slice_fraction = 0.5;
  int noise_square_size = 10;  // stabiliser square, pixels on the working grid
  int checkpoint_every = 50;   // generator iterations between checkpoints
  int inference_batch = 16;    // slices per forward pass
};

// paper: the method as published (256x256x128, 1000 iterations, 8230 critic updates); for a GPU.
// cpu: fits a 2-core machine (engine/PROFILES.md#decision-cpu-profile). test: seconds, for tests
// only (engine/PROFILES.md#decision-test-profile-grid).
std::optional<TrainingProfile> profileByName(const std::string& name);

}  // namespace everynet::engine
