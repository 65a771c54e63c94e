#pragma once
// LibTorch modules of the personal change model. Included by engine sources only.

#include <torch/torch.h>

#include <vector>

namespace everynet::engine::internal {

// Two 3x3 conv + BatchNorm + ReLU blocks: one U-Net level.
struct DoubleConvImpl : torch::nn::Module {
  DoubleConvImpl(int in_channels, int out_channels);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Sequential body{nullptr};
};
TORCH_MODULE(DoubleConv);

// 2D U-Net (VA-GAN): levels of DoubleConv joined by 2x2 max-pooling down and 4x4 stride-2
// transposed convolutions up, skip connections by concatenation, and a linear 1x1 output: the
// change map. Input and output: N x 1 x H x W, H and W divisible by 2^(levels-1).
struct UNetGeneratorImpl : torch::nn::Module {
  explicit UNetGeneratorImpl(const std::vector<int>& widths);
  torch::Tensor forward(const torch::Tensor& baseline);
  std::vector<DoubleConv> down;
  std::vector<torch::nn::ConvTranspose2d> up;
  std::vector<DoubleConv> merge;
  torch::nn::Conv2d output{nullptr};
};
TORCH_MODULE(UNetGenerator);

// C3D-like critic without normalisation (the gradient penalty needs none): per level 3x3
// conv + ReLU layers, 2x2 max-pooling between levels, a 1x1 conv to one feature, and the mean
// over the image: one score per sample, N x 1 x H x W -> N.
struct CriticImpl : torch::nn::Module {
  explicit CriticImpl(const std::vector<std::vector<int>>& levels);
  torch::Tensor forward(const torch::Tensor& image);
  torch::nn::Sequential body{nullptr};
};
TORCH_MODULE(Critic);

// He (Kaiming) initialisation of every convolution, as in VA-GAN.
void heInitialise(torch::nn::Module& module);

// Zeroes the generator's output layer, so that the map starts empty and the fake follow-up starts
// as the baseline. With He initialisation the untrained map is about as large as the images
// themselves, and a short personal training cannot unlearn it
// (engine/PROFILES.md#decision-empty-map).
void startWithEmptyMap(UNetGeneratorImpl& generator);

}  // namespace everynet::engine::internal
