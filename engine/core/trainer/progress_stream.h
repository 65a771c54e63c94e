#pragma once

#include <filesystem>
#include <string>

#include "engine/core/training_progress.h"

namespace everynet::engine::trainer {

// progress.jsonl (engine/core/TRAINER.md): one JSON object per line, appended with one write each,
// so that a reader sees whole lines, and at most the last one cut short by a kill.
class ProgressStream {
 public:
  // Appends to the file, creating it when missing. Throws std::runtime_error when it cannot.
  explicit ProgressStream(const std::filesystem::path& file);
  ~ProgressStream();
  ProgressStream(const ProgressStream&) = delete;
  ProgressStream& operator=(const ProgressStream&) = delete;

  void started(const TrainingStart& start);
  void iteration(const TrainingProgress& progress);
  void finished(double seconds, int iterations_run);
  void failed(const std::string& error);
  void stopped(int iteration);

 private:
  // Throws std::runtime_error when the line cannot be written whole.
  void writeLine(const std::string& json);

  std::filesystem::path file_;
  int fd_;
};

}  // namespace everynet::engine::trainer
