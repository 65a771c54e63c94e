#pragma once

#include <functional>
#include <string>
#include <vector>

#include "service/config/config.h"

namespace everynet::storage {
class AdminReads;
class ExportQueue;
class FileStore;
class JobQueue;
}  // namespace everynet::storage

namespace everynet::service {
class FreeSpaceMonitor;
class OpenAssociations;
}  // namespace everynet::service

namespace everynet::service::admin {

class RecentLog;

// What the admin routes read and act on; everything outlives the admin server. The routes run on
// the server's threads: each member is thread-safe.
struct AdminContext {
  const Config& config;
  storage::AdminReads& reads;
  storage::JobQueue& jobs;        // also cancel and retry
  storage::ExportQueue& exports;  // also retry
  storage::FileStore& files;
  const OpenAssociations& open_associations;
  std::function<void()> wake_workers;  // called when a job is queued again
  std::vector<std::string> devices;    // the worker slots' devices ("cpu", "cuda:0")
  const RecentLog& recent_log;         // warnings and errors for the dashboard
  FreeSpaceMonitor& free_space;        // the data directory's space against the watermarks
};

}  // namespace everynet::service::admin
