#include "service/export/result_exporter.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "service/unix_time.h"
#include "storage/export_queue.h"

namespace everynet::service {

ResultExporter::ResultExporter(const Config& config, storage::ExportQueue& queue)
    : settings_(exportSettingsFrom(config)), queue_(queue) {
  for (const auto& destination : config.destinations) {
    destination_names_.push_back(destination.name);
    senders_.push_back(std::make_unique<DestinationSender>(destination, settings_, queue_));
  }
}

ResultExporter::~ResultExporter() {
  stop();
}

void ResultExporter::start() {
  for (const auto& backlog : queue_.backlog(unixNow())) {
    if (backlog.pending == 0) continue;
    if (std::ranges::find(destination_names_, backlog.destination) != destination_names_.end()) {
      spdlog::info("export to '{}': {} result(s) waiting from before", backlog.destination,
                   backlog.pending);
    } else {
      // Typically a destination renamed in the configuration: its queue stays under the old name.
      spdlog::warn(
          "export to '{}': {} result(s) waiting, but no destination of that name is configured; "
          "they are kept and sent once it is configured again (everynet export list shows them)",
          backlog.destination, backlog.pending);
    }
  }
  for (auto& sender : senders_) {
    const auto& d = sender->destination();
    spdlog::info("export to '{}': sending results to {} at {}:{}", d.name, d.ae_title, d.host,
                 d.port);
    threads_.emplace_back([&sender = *sender](std::stop_token stop) { sender.run(stop); });
  }
}

void ResultExporter::wake() {
  for (auto& sender : senders_) sender->wake();
}

void ResultExporter::stop() {
  std::call_once(stopped_, [&] {
    for (auto& thread : threads_) thread.request_stop();
    for (auto& thread : threads_) thread.join();
  });
}

}  // namespace everynet::service
