#include "engine/core/internal/networks.h"

#include <gtest/gtest.h>

#include "engine/core/internal/wgan_losses.h"

namespace everynet::engine::internal {
namespace {

// A critic without convolution levels whose 1x1 conv has weight 1 and bias 0: it scores an image
// by its mean intensity, so that losses can be worked out by hand.
Critic meanIntensityCritic() {
  Critic critic(std::vector<std::vector<int>>{});
  torch::NoGradGuard no_grad;
  for (auto& p : critic->named_parameters()) {
    if (p.key().find("weight") != std::string::npos)
      p.value().fill_(1.0f);
    else
      p.value().zero_();
  }
  return critic;
}

TEST(NetworksTest, GeneratorMapsASliceToAMapOfTheSameSize) {
  torch::manual_seed(1);
  UNetGenerator generator(std::vector<int>{16, 32, 64, 128});
  const auto out = generator->forward(torch::rand({2, 1, 64, 64}));
  EXPECT_EQ(out.sizes(), (std::vector<int64_t>{2, 1, 64, 64}));
}

TEST(NetworksTest, CriticScoresEachSampleOnce) {
  torch::manual_seed(1);
  Critic critic(std::vector<std::vector<int>>{{16}, {32}, {64, 64}, {128, 128}, {256, 256, 256}});
  const auto scores = critic->forward(torch::rand({3, 1, 64, 64}));
  EXPECT_EQ(scores.sizes(), (std::vector<int64_t>{3}));
}

TEST(NetworksTest, TheCriticHasNoNormalisationLayers) {
  Critic critic(std::vector<std::vector<int>>{{8}, {16}});
  for (const auto& module : critic->modules()) {
    EXPECT_EQ(module->as<torch::nn::BatchNorm2d>(), nullptr);
  }
}

TEST(WganLossesTest, GradientPenaltyIsZeroForAUnitNormLinearCritic) {
  // A 1x1 conv with weight w, then the mean over H x W: the gradient of each sample's score is
  // w / (H*W) everywhere, so its norm over the whole image is |w| / sqrt(H*W).
  Critic critic(std::vector<std::vector<int>>{});
  const int h = 8, w = 8;
  {
    torch::NoGradGuard no_grad;
    for (auto& p : critic->named_parameters()) {
      if (p.key().find("weight") != std::string::npos)
        p.value().fill_(static_cast<float>(std::sqrt(h * w)));
      else
        p.value().zero_();
    }
  }
  const auto real = torch::rand({4, 1, h, w});
  const auto fake = torch::rand({4, 1, h, w});
  EXPECT_NEAR(gradientPenalty(critic, real, fake).item<double>(), 0.0, 1e-6);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : critic->named_parameters()) {
      if (p.key().find("weight") != std::string::npos)
        p.value().fill_(static_cast<float>(2 * std::sqrt(h * w)));
    }
  }
  EXPECT_NEAR(gradientPenalty(critic, real, fake).item<double>(), 1.0, 1e-5) << "norm 2: (2-1)^2";
}

TEST(WganLossesTest, CriticLossIsLowerWhenRealScoresHigher) {
  // Bright "real", dark "fake" gives a negative Wasserstein term; swapped, a positive one.
  auto critic = meanIntensityCritic();
  const auto bright = torch::full({2, 1, 8, 8}, 0.9f);
  const auto dark = torch::full({2, 1, 8, 8}, 0.1f);
  const double good = criticLoss(critic, bright, dark, 0.0).item<double>();
  const double bad = criticLoss(critic, dark, bright, 0.0).item<double>();
  EXPECT_NEAR(good, -0.8, 1e-6);
  EXPECT_NEAR(bad, 0.8, 1e-6);
}

TEST(WganLossesTest, GeneratorLossRewardsHighScoresAndPenalisesLargeMaps) {
  auto critic = meanIntensityCritic();
  const auto fake = torch::full({1, 1, 4, 4}, 0.5f);
  const auto map = torch::full({1, 1, 4, 4}, -0.2f);
  EXPECT_NEAR(generatorLoss(critic, fake, map, 0.0).item<double>(), -0.5, 1e-6);
  EXPECT_NEAR(generatorLoss(critic, fake, map, 100.0).item<double>(), -0.5 + 20.0, 1e-4);
}

}  // namespace
}  // namespace everynet::engine::internal
