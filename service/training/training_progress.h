#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/training_progress.h"

namespace everynet::service {

// One "iteration" line of a trainer's progress.jsonl (engine/core/TRAINER.md): what the trainer
// reported of the iteration.
using TrainerIteration = engine::TrainingProgress;

enum class TrainerEnd { none, finished, failed, stopped };

// What a training's progress.jsonl says of its latest run: its last "started" line and what
// followed it (a resumed run appends to the lines of the run it resumes).
struct TrainerProgress {
  bool started = false;
  std::string device;    // "cpu", "cuda"
  int total = 0;         // generator iterations of the whole training
  int resumed_from = 0;  // the iteration its checkpoint held; 0: a fresh start
  std::string libtorch;  // the LibTorch version the trainer runs on
  std::optional<TrainerIteration> last_iteration;
  // The iterations the last read() found, in order: each one once, however fast they come.
  std::vector<TrainerIteration> new_iterations;
  TrainerEnd end = TrainerEnd::none;
  std::string error;   // failed: the trainer's reason
  double seconds = 0;  // finished: the run's training time
  // When the file was last written, to tell a trainer that went silent; nothing: no file yet.
  std::optional<std::filesystem::file_time_type> last_written;
};

// Reads OUT/progress.jsonl as the trainer appends to it, each call only what is new. A line
// without its newline is not read until it has one; a line that is not JSON (cut short by a kill,
// then continued by the run that resumed) counts from its last object on. Not thread-safe.
class TrainerProgressReader {
 public:
  // from_offset: the file's size when the run of interest started, so that the lines of earlier
  // runs do not count.
  explicit TrainerProgressReader(const std::filesystem::path& out_dir,
                                 std::uintmax_t from_offset = 0);
  const TrainerProgress& read();

 private:
  void takeLine(const std::string& line);

  std::filesystem::path file_;
  std::uintmax_t offset_;
  std::string unfinished_line_;
  TrainerProgress progress_;
};

// The size of OUT/progress.jsonl now (0 when there is none), for a reader of a run about to start.
std::uintmax_t progressFileSize(const std::filesystem::path& out_dir);

}  // namespace everynet::service
