#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "service/config/config.h"
#include "service/export/destination_sender.h"

namespace everynet::storage {
class ExportQueue;
}

namespace everynet::service {

// Sends results to the configured destinations by C-STORE, from the export queue in the index:
// one thread per destination, so that one that is down holds up no other. Each instance goes to
// each destination once (see storage::ExportQueue::enqueue); what a restart interrupts is sent
// after it, since the queue is the index.
class ResultExporter {
 public:
  ResultExporter(const Config& config, storage::ExportQueue& queue);
  // Stops the senders.
  ~ResultExporter();
  ResultExporter(const ResultExporter&) = delete;
  ResultExporter& operator=(const ResultExporter&) = delete;

  // Starts one sender thread per destination.
  void start();
  // Wakes the senders after exports were queued (a job's results: storage::JobQueue::complete),
  // so that they send them now rather than at their next poll. Thread-safe.
  void wake();
  // Stops the senders and waits for them: each ends within one C-STORE. Thread-safe, idempotent.
  void stop();

 private:
  ExportSettings settings_;
  storage::ExportQueue& queue_;
  std::vector<std::string> destination_names_;
  std::vector<std::unique_ptr<DestinationSender>> senders_;
  std::vector<std::jthread> threads_;
  std::once_flag stopped_;
};

}  // namespace everynet::service
