#pragma once

#include <optional>

namespace everynet::bench {

// A measured volume against the truth: signed (found - true), in mL and in percent of the
// truth; the percentage is undefined (nullopt) when the true volume is not positive.
struct VolumeError {
  double ml = 0;
  std::optional<double> percent;
};

VolumeError volumeError(double found_ml, double true_ml);

}  // namespace everynet::bench
