#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
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
  // Queues the instances (already indexed) for every destination and wakes the senders; returns
  // how many exports were new (0 without destinations). Thread-safe. Throws
  // storage::DatabaseError, queueing none, when an instance is not indexed.
  int enqueue(std::optional<std::int64_t> job_ref,
              const std::vector<std::string>& sop_instance_uids);
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
