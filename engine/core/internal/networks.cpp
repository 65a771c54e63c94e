#include "engine/core/internal/networks.h"

namespace everynet::engine::internal {

namespace nn = torch::nn;

DoubleConvImpl::DoubleConvImpl(int in_channels, int out_channels) {
  body = register_module(
      "body",
      nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in_channels, out_channels, 3).padding(1)),
                     nn::BatchNorm2d(out_channels), nn::ReLU(),
                     nn::Conv2d(nn::Conv2dOptions(out_channels, out_channels, 3).padding(1)),
                     nn::BatchNorm2d(out_channels), nn::ReLU()));
}

torch::Tensor DoubleConvImpl::forward(const torch::Tensor& x) {
  return body->forward(x);
}

UNetGeneratorImpl::UNetGeneratorImpl(const std::vector<int>& widths) {
  int in = 1;
  for (std::size_t level = 0; level < widths.size(); ++level) {
    down.push_back(register_module("down" + std::to_string(level), DoubleConv(in, widths[level])));
    in = widths[level];
  }
  for (std::size_t level = widths.size() - 1; level > 0; --level) {
    const int coarse = widths[level], fine = widths[level - 1];
    up.push_back(register_module(
        "up" + std::to_string(level),
        nn::ConvTranspose2d(nn::ConvTranspose2dOptions(coarse, fine, 4).stride(2).padding(1))));
    merge.push_back(register_module("merge" + std::to_string(level), DoubleConv(2 * fine, fine)));
  }
  output = register_module("output", nn::Conv2d(nn::Conv2dOptions(widths.front(), 1, 1)));
}

torch::Tensor UNetGeneratorImpl::forward(const torch::Tensor& baseline) {
  std::vector<torch::Tensor> skips;
  torch::Tensor x = baseline;
  for (std::size_t level = 0; level < down.size(); ++level) {
    if (level > 0) x = torch::max_pool2d(x, 2);
    x = down[level]->forward(x);
    skips.push_back(x);
  }
  for (std::size_t i = 0; i < up.size(); ++i) {
    x = up[i]->forward(x);
    x = merge[i]->forward(torch::cat({x, skips[skips.size() - 2 - i]}, 1));
  }
  return output->forward(x);  // linear: the map may be negative (reduction) or positive (growth)
}

CriticImpl::CriticImpl(const std::vector<std::vector<int>>& levels) {
  nn::Sequential layers;
  int in = 1;
  for (std::size_t level = 0; level < levels.size(); ++level) {
    if (level > 0) layers->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
    for (const int width : levels[level]) {
      layers->push_back(nn::Conv2d(nn::Conv2dOptions(in, width, 3).padding(1)));
      layers->push_back(nn::ReLU());
      in = width;
    }
  }
  layers->push_back(nn::Conv2d(nn::Conv2dOptions(in, 1, 1)));
  body = register_module("body", layers);
}

torch::Tensor CriticImpl::forward(const torch::Tensor& image) {
  return body->forward(image).mean({1, 2, 3});
}

void heInitialise(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& child : module.modules(/*include_self=*/true)) {
    if (auto* conv = child->as<nn::Conv2d>()) {
      nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanIn, torch::kReLU);
      nn::init::zeros_(conv->bias);
    } else if (auto* transposed = child->as<nn::ConvTranspose2d>()) {
      nn::init::kaiming_normal_(transposed->weight, 0.0, torch::kFanIn, torch::kReLU);
      nn::init::zeros_(transposed->bias);
    }
  }
}

void startWithEmptyMap(UNetGeneratorImpl& generator) {
  torch::NoGradGuard no_grad;
  nn::init::zeros_(generator.output->weight);
  nn::init::zeros_(generator.output->bias);
}

}  // namespace everynet::engine::internal
