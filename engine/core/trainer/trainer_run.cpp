#include "engine/core/trainer/trainer_run.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "engine/core/change_model_trainer.h"
#include "engine/core/profile_settings.h"
#include "engine/core/trainer/progress_stream.h"
#include "engine/core/training_pair_files.h"

namespace everynet::engine::trainer {
namespace {

namespace fs = std::filesystem;

void syncPath(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw std::runtime_error(path.string() + ": cannot sync: " + reason);
  }
  ::close(fd);
}

// Written under another name, synced, renamed and its directory synced: a reader finds map.vol
// whole or not at all, also after a crash of the machine.
void writeMapDurably(const fs::path& out_dir, const geometry::Volume& map) {
  const auto partial = out_dir / "map.vol.partial";
  writeVolumeFile(partial, map);
  syncPath(partial, O_RDONLY);
  fs::rename(partial, out_dir / "map.vol");
  syncPath(out_dir, O_RDONLY | O_DIRECTORY);
}

// The refusal, when the pair's volumes are not on the profile's working grid.
void checkGrid(const PairFiles& files, const TrainingProfile& profile) {
  const std::array<int, 3> grid{profile.grid_xy, profile.grid_xy, profile.grid_z};
  for (const auto* volume : {&files.pair.baseline, &files.pair.followup, &files.brain_mask}) {
    if (volume->size != grid) {
      throw std::invalid_argument("the pair is not on the " + profile.name +
                                  " profile's working grid (" + std::to_string(grid[0]) + "x" +
                                  std::to_string(grid[1]) + "x" + std::to_string(grid[2]) +
                                  " voxels); export it with that profile");
    }
  }
}

TrainerExit refused(const std::string& reason) {
  std::cerr << "everynet-train: " << reason << '\n';
  return TrainerExit::refused;
}

}  // namespace

TrainerExit runTraining(const TrainerArguments& a, const std::function<bool()>& stop_requested) {
  TrainingOptions options;
  PairFiles files;
  try {
    options.profile = profileWithSettings(a.profile, a.settings);
    files = readPairFiles(a.pair_dir);
    checkGrid(files, options.profile);
  } catch (const std::exception& error) {
    return refused(error.what());
  }
  fs::create_directories(a.out_dir);
  ProgressStream progress(a.out_dir / "progress.jsonl");
  int done = 0;  // iterations done, for the stopped line
  options.seed = a.seed;
  options.device = a.device;
  options.threads = a.threads;
  options.checkpoint_dir = a.out_dir / "checkpoint";
  options.started = [&](const TrainingStart& start) {
    done = start.resumed_from;
    progress.started(start);
  };
  options.progress = [&](const TrainingProgress& p) {
    done = p.iteration;
    progress.iteration(p);
  };
  options.stop_requested = stop_requested;
  try {
    const auto outcome = trainChangeModel(files.pair, options);
    if (!outcome.finished) {
      progress.stopped(done);
      return TrainerExit::stopped;
    }
    writeMapDurably(a.out_dir, outcome.change_map);
    progress.finished(outcome.seconds, outcome.iterations_run);
    return TrainerExit::finished;
  } catch (const std::exception& error) {
    std::cerr << "everynet-train: " << error.what() << '\n';
    progress.failed(error.what());
    return TrainerExit::failed;
  }
}

}  // namespace everynet::engine::trainer
