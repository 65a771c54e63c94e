#include "engine/core/internal/wgan_losses.h"

namespace everynet::engine::internal {

torch::Tensor gradientPenalty(Critic& critic, const torch::Tensor& real,
                              const torch::Tensor& fake) {
  const auto alpha = torch::rand({real.size(0), 1, 1, 1}, real.options());
  auto between = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(true);
  const auto scores = critic->forward(between);
  const auto gradient = torch::autograd::grad({scores.sum()}, {between}, {},
                                              /*retain_graph=*/true, /*create_graph=*/true)[0];
  const auto norm = gradient.flatten(1).norm(2, 1);
  return (norm - 1).pow(2).mean();
}

torch::Tensor criticLoss(Critic& critic, const torch::Tensor& real, const torch::Tensor& fake,
                         double penalty_weight) {
  return critic->forward(fake).mean() - critic->forward(real).mean() +
         penalty_weight * gradientPenalty(critic, real, fake);
}

torch::Tensor generatorLoss(Critic& critic, const torch::Tensor& fake, const torch::Tensor& map,
                            double l1_weight) {
  return -critic->forward(fake).mean() + l1_weight * map.abs().mean();
}

}  // namespace everynet::engine::internal
