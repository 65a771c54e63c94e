#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/training_pair.h"
#include "engine/core/training_profile.h"
#include "engine/core/training_progress.h"
#include "engine/geometry/volume.h"

namespace everynet::engine {

// Asked before every critic update and after every generator iteration; true stops the training.
// After an iteration it saves a checkpoint first (a restarted job resumes from it). Before a critic
// update it stops at once: an iteration's critic updates can take a minute on a busy CPU, longer
// than a service may take to stop, and a resumed training repeats the iterations since the last
// checkpoint (profile.checkpoint_every at most), so that it still ends as an uninterrupted one
// (engine/PROFILES.md#decision-stop-between-critic-updates).
using StopRequest = std::function<bool()>;

struct TrainingOptions {
  TrainingProfile profile;
  std::uint64_t seed = 1;
  std::string device = "auto";           // auto | cpu | cuda | cuda:N
  int threads = 0;                       // CPU threads; 0: one per core
  std::filesystem::path checkpoint_dir;  // empty: no checkpoints
  StartCallback started;
  ProgressCallback progress;
  StopRequest stop_requested;
};

// Where the time of one call went, for benchmarks and logs. A step counts from drawing its
// images to its optimiser update, the loss read back (which waits for a GPU to finish).
struct TrainingTimings {
  int critic_steps = 0;
  double critic_seconds = 0;  // all critic steps together
  int generator_steps = 0;
  double generator_seconds = 0;  // all generator steps together
  int ensemble_snapshots = 0;
  double ensemble_seconds = 0;  // the snapshots' maps over every slice, averaged
};

struct TrainingOutcome {
  bool finished = false;        // false: stopped by the callback; the map is empty
  geometry::Volume change_map;  // on the working grid; fake follow-up = baseline + map
  std::string device;           // "cpu" or "cuda"
  int iterations_run = 0;       // in this call (fewer than the profile's after a resume)
  double seconds = 0;
  TrainingTimings timings;
};

// Trains the personal WGAN-GP for this pair (paper schedule, each training image an oblique plane
// through the volume, the critic's images of both scans drawn alike, part of the images through
// the tumour's slices, noise-square stabiliser, snapshot ensemble) and returns the ensemble's
// change map. Deterministic for a given seed on the CPU.
// Throws std::invalid_argument when the volumes do not match the profile's grid.
TrainingOutcome trainChangeModel(const TrainingPair& pair, const TrainingOptions& options);

}  // namespace everynet::engine
