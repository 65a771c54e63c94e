#include "service/export/destination_sender.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "dicom/store_scu.h"
#include "service/unix_time.h"
#include "storage/export_queue.h"

namespace everynet::service {
namespace {

// A floor on the wait, in seconds, so that an export that is due but cannot be had from the
// index never makes the loop spin.
constexpr double kShortestWaitSeconds = 0.1;

// How one batch went, for one log line each way instead of one per instance.
struct BatchTally {
  int stored = 0;
  int with_warning = 0;
  std::string first_warning;
  int retried = 0;
  int given_up = 0;
  std::string first_failure;
  std::optional<double> next_attempt_at;
};

// One log line each way for a batch.
void logBatch(const Destination& destination, const BatchTally& tally, double finished,
              int max_attempts) {
  if (tally.stored > 0) {
    spdlog::info("export to '{}': {} result(s) stored", destination.name, tally.stored);
  }
  if (tally.with_warning > 0) {
    spdlog::warn("export to '{}': {} result(s) stored with a warning, the first: {}",
                 destination.name, tally.with_warning, tally.first_warning);
  }
  if (tally.retried + tally.given_up > 0) {
    spdlog::warn("export to '{}' ({} at {}:{}): {} result(s) not stored: {}", destination.name,
                 destination.ae_title, destination.host, destination.port,
                 tally.retried + tally.given_up, tally.first_failure);
    if (tally.retried > 0) {
      spdlog::warn("export to '{}': {} result(s) will be tried again in {:.0f} s", destination.name,
                   tally.retried, std::ceil(*tally.next_attempt_at - finished));
    }
    if (tally.given_up > 0) {
      spdlog::error(
          "export to '{}': {} result(s) failed after {} attempt(s); `everynet export retry "
          "--all-failed` sends them again",
          destination.name, tally.given_up, max_attempts);
    }
  }
}

}  // namespace

ExportSettings exportSettingsFrom(const Config& config) {
  ExportSettings settings;
  settings.calling_ae = config.dicom.ae_title;
  settings.acse_timeout = std::chrono::seconds(config.dicom.acse_timeout_seconds);
  settings.dimse_timeout = std::chrono::seconds(config.dicom.dimse_timeout_seconds);
  settings.max_pdu_bytes = config.dicom.max_pdu_bytes;
  settings.retry = {static_cast<double>(config.exports.initial_retry_seconds),
                    static_cast<double>(config.exports.max_retry_seconds),
                    config.exports.max_attempts};
  settings.batch_size = config.exports.batch_size;
  settings.data_dir = config.storage.data_dir;
  return settings;
}

DestinationSender::DestinationSender(Destination destination, const ExportSettings& settings,
                                     storage::ExportQueue& queue)
    : destination_(std::move(destination)), settings_(settings), queue_(queue) {}

void DestinationSender::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    int due = 0;
    try {
      due = sendDueBatch(unixNow(), stop);
    } catch (const std::exception& error) {
      spdlog::error("export to '{}': {}", destination_.name, error.what());
    }
    // After a full batch more may be due at once.
    if (due < settings_.batch_size) waitForWork(stop);
  }
}

void DestinationSender::wake() {
  {
    std::lock_guard lock(mutex_);
    wake_requested_ = true;
  }
  woken_.notify_all();
}

void DestinationSender::waitForWork(std::stop_token stop) {
  double seconds = std::chrono::duration<double>(kPollInterval).count();
  try {
    if (const auto next = queue_.nextAttemptAt(destination_.name)) {
      seconds = std::clamp(*next - unixNow(), kShortestWaitSeconds, seconds);
    }
  } catch (const std::exception& error) {
    spdlog::error("export to '{}': {}", destination_.name, error.what());
  }
  std::unique_lock lock(mutex_);
  woken_.wait_for(lock, stop, std::chrono::duration<double>(seconds),
                  [&] { return wake_requested_; });
  wake_requested_ = false;
}

int DestinationSender::sendDueBatch(double now, std::stop_token stop) {
  const auto due = queue_.due(destination_.name, now, settings_.batch_size);
  if (due.empty()) return 0;
  std::vector<dicom::FileToStore> files;
  for (const auto& item : due) {
    files.push_back({settings_.data_dir / item.file_path, item.sop_class_uid, item.sop_instance_uid,
                     item.transfer_syntax_uid});
  }
  const dicom::StoreScuConfig peer{
      settings_.calling_ae,   destination_.ae_title,   destination_.host,      destination_.port,
      settings_.acse_timeout, settings_.dimse_timeout, settings_.max_pdu_bytes};
  // Each result is marked sent as soon as the peer's response arrives, not after the batch: a
  // service killed in the middle of a batch then sends again only the result whose response it
  // had not yet recorded, not every one of the batch the peer already holds.
  std::vector<bool> marked(due.size(), false);
  const auto mark_sent = [&](std::size_t i, const dicom::StoreResult& result) {
    if (result.outcome != dicom::StoreOutcome::success &&
        result.outcome != dicom::StoreOutcome::warning) {
      return;
    }
    queue_.markSent(due[i].id, unixNow());
    marked[i] = true;
  };
  const auto results = dicom::storeFiles(peer, files, stop, mark_sent);

  const double finished = unixNow();
  BatchTally tally;
  for (std::size_t i = 0; i < due.size(); ++i) {
    const auto& result = results[i];
    spdlog::debug("export to '{}': instance {}: {} {}", destination_.name, due[i].sop_instance_uid,
                  dicom::toString(result.outcome), result.reason);
    switch (result.outcome) {
      case dicom::StoreOutcome::success:
      case dicom::StoreOutcome::warning:
        if (!marked[i]) queue_.markSent(due[i].id, finished);
        ++tally.stored;
        if (result.outcome == dicom::StoreOutcome::warning && tally.with_warning++ == 0) {
          tally.first_warning = result.reason;
        }
        break;
      case dicom::StoreOutcome::failure:
      case dicom::StoreOutcome::not_sent: {
        const auto attempt =
            queue_.recordFailure(due[i].id, result.reason, settings_.retry, finished);
        if (tally.retried + tally.given_up == 0) tally.first_failure = result.reason;
        if (attempt.state == storage::ExportState::failed) {
          ++tally.given_up;
        } else {
          ++tally.retried;
          tally.next_attempt_at = std::min(tally.next_attempt_at.value_or(attempt.next_attempt_at),
                                           attempt.next_attempt_at);
        }
        break;
      }
      case dicom::StoreOutcome::cancelled:
        break;  // stays pending, no attempt counted: the service is stopping
    }
  }

  logBatch(destination_, tally, finished, settings_.retry.max_attempts);
  return static_cast<int>(due.size());
}

}  // namespace everynet::service
