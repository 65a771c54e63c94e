#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "storage/series_attributes.h"

namespace everynet::service {

struct T1ceCandidate {
  std::string series_instance_uid;
  storage::SeriesAttributes attributes;
};

struct SeriesChoice {
  std::size_t index = 0;  // into the candidates
  std::string reason;
};

// Picks the T1ce series of a study that has several: 3D acquisitions over 2D, then the thinnest
// slices, then the highest series number (the latest acquired); the reason names the rule that
// decided against the runner-up. Precondition: candidates is not empty.
SeriesChoice chooseT1ceSeries(std::span<const T1ceCandidate> candidates);

}  // namespace everynet::service
