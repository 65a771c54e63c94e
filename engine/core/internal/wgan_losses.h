#pragma once
// WGAN-GP losses. Included by engine sources only.

#include <torch/torch.h>

#include "engine/core/internal/networks.h"

namespace everynet::engine::internal {

// Gradient penalty (Gulrajani et al.): mean over samples of (||grad_x D(x)|| - 1)^2 at random
// points between real and fake, the norm taken over each sample's whole image.
torch::Tensor gradientPenalty(Critic& critic, const torch::Tensor& real, const torch::Tensor& fake);

// Critic loss: D(fake) - D(real) + weight * GP (the critic scores real images high).
torch::Tensor criticLoss(Critic& critic, const torch::Tensor& real, const torch::Tensor& fake,
                         double penalty_weight);

// Generator loss: -D(baseline + map) + l1_weight * mean|map| (the map stays sparse).
torch::Tensor generatorLoss(Critic& critic, const torch::Tensor& fake, const torch::Tensor& map,
                            double l1_weight);

}  // namespace everynet::engine::internal
