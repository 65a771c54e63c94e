#include "service/training/training_progress.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace everynet::service {
namespace {

constexpr const char* kProgressFile = "progress.jsonl";

// The line's object, or a discarded value. A kill can cut a line short; the resumed run then
// appends its first line to the fragment, so a line that does not parse is tried from its last
// '{' (the lines hold no nested objects).
nlohmann::json parseLine(const std::string& line) {
  auto json = nlohmann::json::parse(line, nullptr, false);
  if (!json.is_discarded()) return json;
  const auto last_object = line.rfind('{');
  if (last_object == std::string::npos || last_object == 0) return json;
  return nlohmann::json::parse(line.substr(last_object), nullptr, false);
}

}  // namespace

TrainerProgressReader::TrainerProgressReader(const std::filesystem::path& out_dir,
                                             std::uintmax_t from_offset)
    : file_(out_dir / kProgressFile), offset_(from_offset) {}

const TrainerProgress& TrainerProgressReader::read() {
  std::error_code error;
  const auto written = std::filesystem::last_write_time(file_, error);
  progress_.new_iterations.clear();
  if (error) return progress_;
  progress_.last_written = written;
  std::ifstream in(file_, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset_));
  std::string appended{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  offset_ += appended.size();
  unfinished_line_ += appended;
  std::size_t start = 0;
  for (auto end = unfinished_line_.find('\n'); end != std::string::npos;
       end = unfinished_line_.find('\n', start)) {
    takeLine(unfinished_line_.substr(start, end - start));
    start = end + 1;
  }
  unfinished_line_.erase(0, start);
  return progress_;
}

void TrainerProgressReader::takeLine(const std::string& line) {
  const auto json = parseLine(line);
  if (!json.is_object()) return;
  try {
    const auto event = json.value("event", "");
    if (event == "started") {
      const auto last_written = progress_.last_written;
      progress_ = {};
      progress_.last_written = last_written;
      progress_.started = true;
      progress_.device = json.at("device").get<std::string>();
      progress_.total = json.at("total").get<int>();
      progress_.resumed_from = json.value("resumed_from", 0);
      progress_.libtorch = json.value("libtorch", "");
    } else if (event == "iteration") {
      progress_.last_iteration = TrainerIteration{
          json.at("iteration").get<int>(), json.at("total").get<int>(),
          json.at("critic_loss").get<double>(), json.at("generator_loss").get<double>(),
          json.at("eta_seconds").get<double>()};
      progress_.new_iterations.push_back(*progress_.last_iteration);
    } else if (event == "finished") {
      progress_.end = TrainerEnd::finished;
      progress_.seconds = json.value("seconds", 0.0);
    } else if (event == "failed") {
      progress_.end = TrainerEnd::failed;
      progress_.error = json.value("error", "");
    } else if (event == "stopped") {
      progress_.end = TrainerEnd::stopped;
    }
  } catch (const nlohmann::json::exception&) {
    // A line of another shape is no progress; the trainer's exit status still counts.
  }
}

std::uintmax_t progressFileSize(const std::filesystem::path& out_dir) {
  std::error_code error;
  const auto size = std::filesystem::file_size(out_dir / kProgressFile, error);
  return error ? 0 : size;
}

}  // namespace everynet::service
