#pragma once
// Seeded random numbers that are the same on every platform and compiler (the standard library's
// distributions are not), so that a phantom is reproducible from its seed alone.

#include <array>
#include <cstdint>
#include <string_view>

#include "engine/phantom/internal/vec3.h"

namespace everynet::engine::phantom {

// splitmix64's finaliser: a bijective 64-bit mix, used as a generator step and as a hash.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A key for one purpose of one seed ("tumour", "pose/followup", ...): separate streams, so that a
// draw added for one purpose does not shift what another purpose gets.
std::uint64_t streamKey(std::uint64_t seed, std::string_view purpose);

class Random {
 public:
  Random(std::uint64_t seed, std::string_view purpose) : state_(streamKey(seed, purpose)) {}

  double uniform();  // [0, 1)
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  double normal();       // standard normal
  int below(int count);  // 0 .. count - 1
  double sign() { return uniform() < 0.5 ? -1.0 : 1.0; }
  Vec3 unitVector();  // uniform on the sphere

 private:
  std::uint64_t next();
  std::uint64_t state_;
};

// Two independent standard normal samples that depend on (key, index) alone, so threads may fill
// voxels in any order and still produce the same noise.
std::array<double, 2> hashedNormalPair(std::uint64_t key, std::uint64_t index);

}  // namespace everynet::engine::phantom
