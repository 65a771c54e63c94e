#include "tests/bench/evaluation/volume_error.h"

namespace everynet::bench {

VolumeError volumeError(double found_ml, double true_ml) {
  VolumeError error{found_ml - true_ml, std::nullopt};
  if (true_ml > 0) error.percent = error.ml / true_ml * 100.0;
  return error;
}

}  // namespace everynet::bench
