#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <stop_token>
#include <string>

#include "service/config/config.h"
#include "storage/export_records.h"

namespace everynet::storage {
class ExportQueue;
}

namespace everynet::service {

// What every destination's sender shares: who we are on the network and how retries go.
struct ExportSettings {
  std::string calling_ae;
  std::chrono::seconds acse_timeout{30};
  std::chrono::seconds dimse_timeout{60};
  std::uint32_t max_pdu_bytes = 65536;
  storage::ExportRetryPolicy retry;
  int batch_size = 32;
  std::filesystem::path data_dir;  // instance file paths in the index are relative to it
};

ExportSettings exportSettingsFrom(const Config& config);

// Sends one destination's due exports from the index, a batch per association, and records how
// each went. Its own thread runs run(); wake() may be called from any thread.
class DestinationSender {
 public:
  // Due exports are looked for at least this often, so that exports another process (everynet
  // export retry) queued again are sent without a wake-up.
  static constexpr std::chrono::seconds kPollInterval{2};

  DestinationSender(Destination destination, const ExportSettings& settings,
                    storage::ExportQueue& queue);
  DestinationSender(const DestinationSender&) = delete;
  DestinationSender& operator=(const DestinationSender&) = delete;

  const Destination& destination() const { return destination_; }

  // Sends until stop is requested; returns within one C-STORE (dicom.dimse_timeout at worst).
  void run(std::stop_token stop);
  // Look for due exports now: new ones were queued.
  void wake();

  // Sends one batch of the exports due at `now` and records the outcomes; returns how many were
  // due (0: nothing to do). Throws storage::DatabaseError when the index fails.
  int sendDueBatch(double now, std::stop_token stop);

 private:
  // Sleeps until the next export is due, the poll interval is over, wake() or stop.
  void waitForWork(std::stop_token stop);

  Destination destination_;
  const ExportSettings& settings_;
  storage::ExportQueue& queue_;
  std::mutex mutex_;
  std::condition_variable_any woken_;
  bool wake_requested_ = false;  // under mutex_
};

}  // namespace everynet::service
