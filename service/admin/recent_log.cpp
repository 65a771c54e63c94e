#include "service/admin/recent_log.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <utility>

#include "dicom/network_text.h"

namespace everynet::service::admin {
namespace {

std::string levelName(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::warn:
      return "warning";
    case spdlog::level::err:
      return "error";
    case spdlog::level::critical:
      return "critical";
    default:
      return std::string(spdlog::level::to_string_view(level).data(),
                         spdlog::level::to_string_view(level).size());
  }
}

// base_sink's mutex serialises sink_it_; RecentLog has its own for readers.
class RecentLogSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit RecentLogSink(std::shared_ptr<RecentLog> log) : log_(std::move(log)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    const double at = std::chrono::duration<double>(message.time.time_since_epoch()).count();
    // Network text is escaped where it is logged; this keeps a line that missed it from
    // making the dashboard's JSON invalid.
    log_->add({at, levelName(message.level),
               dicom::validUtf8({message.payload.data(), message.payload.size()})});
  }
  void flush_() override {}

 private:
  std::shared_ptr<RecentLog> log_;
};

}  // namespace

RecentLog::RecentLog(std::size_t capacity) : capacity_(capacity) {}

void RecentLog::add(Line line) {
  std::lock_guard lock(mutex_);
  if (capacity_ == 0) return;
  if (lines_.size() == capacity_) lines_.pop_front();
  lines_.push_back(std::move(line));
}

std::vector<RecentLog::Line> RecentLog::lines() const {
  std::lock_guard lock(mutex_);
  return {lines_.rbegin(), lines_.rend()};
}

std::shared_ptr<RecentLog> attachRecentLog(std::size_t capacity) {
  auto log = std::make_shared<RecentLog>(capacity);
  auto sink = std::make_shared<RecentLogSink>(log);
  sink->set_level(spdlog::level::warn);
  spdlog::default_logger()->sinks().push_back(std::move(sink));
  return log;
}

}  // namespace everynet::service::admin
