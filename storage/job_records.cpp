#include "storage/job_records.h"

namespace everynet::storage {

const char* toString(JobState state) {
  switch (state) {
    case JobState::queued:
      return "queued";
    case JobState::running:
      return "running";
    case JobState::succeeded:
      return "succeeded";
    case JobState::failed:
      return "failed";
    case JobState::cancelled:
      return "cancelled";
  }
  return "unknown";
}

std::optional<JobState> parseJobState(const std::string& text) {
  for (auto state : {JobState::queued, JobState::running, JobState::succeeded, JobState::failed,
                     JobState::cancelled}) {
    if (text == toString(state)) return state;
  }
  return std::nullopt;
}

const char* toString(ResultKind kind) {
  switch (kind) {
    case ResultKind::heatmap:
      return "heatmap";
    case ResultKind::report:
      return "report";
    case ResultKind::segmentation:
      return "segmentation";
  }
  return "heatmap";
}

std::optional<ResultKind> parseResultKind(const std::string& text) {
  for (auto kind : {ResultKind::heatmap, ResultKind::report, ResultKind::segmentation}) {
    if (text == toString(kind)) return kind;
  }
  return std::nullopt;
}

const char* toString(JobEventLevel level) {
  switch (level) {
    case JobEventLevel::info:
      return "info";
    case JobEventLevel::warning:
      return "warning";
    case JobEventLevel::error:
      return "error";
  }
  return "info";
}

std::optional<JobEventLevel> parseJobEventLevel(const std::string& text) {
  for (auto level : {JobEventLevel::info, JobEventLevel::warning, JobEventLevel::error}) {
    if (text == toString(level)) return level;
  }
  return std::nullopt;
}

}  // namespace everynet::storage
