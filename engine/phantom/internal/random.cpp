#include "engine/phantom/internal/random.h"

#include <cmath>
#include <numbers>

namespace everynet::engine::phantom {
namespace {

double unitInterval(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;  // 53 random bits in [0, 1)
}

// Box-Muller from two uniforms; u1 is kept away from 0.
double boxMuller(double u1, double u2) {
  return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace

std::uint64_t streamKey(std::uint64_t seed, std::string_view purpose) {
  std::uint64_t key = mix64(seed);
  for (const char c : purpose) key = mix64(key ^ static_cast<unsigned char>(c));
  return key;
}

std::uint64_t Random::next() {
  state_ += 0x9e3779b97f4a7c15ULL;
  return mix64(state_);
}

double Random::uniform() {
  return unitInterval(next());
}

double Random::normal() {
  const double u1 = uniform();
  return boxMuller(u1, uniform());
}

int Random::below(int count) {
  return static_cast<int>(uniform() * count);
}

Vec3 Random::unitVector() {
  const double z = uniform(-1, 1);
  const double angle = uniform(0, 2 * std::numbers::pi);
  const double r = std::sqrt(1 - z * z);
  return {r * std::cos(angle), r * std::sin(angle), z};
}

std::array<double, 2> hashedNormalPair(std::uint64_t key, std::uint64_t index) {
  const double radius =
      std::sqrt(-2.0 * std::log(1.0 - unitInterval(mix64(key ^ mix64(2 * index)))));
  const double angle = 2.0 * std::numbers::pi * unitInterval(mix64(key ^ mix64(2 * index + 1)));
  return {radius * std::cos(angle), radius * std::sin(angle)};
}

}  // namespace everynet::engine::phantom
