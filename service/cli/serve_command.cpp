#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "dicom/store_scp.h"
#include "engine/analysis/analysis_cautions.h"
#include "engine/compute_devices.h"
#include "service/admin/admin_context.h"
#include "service/admin/admin_web.h"
#include "service/admin/recent_log.h"
#include "service/cli/engine_commands.h"
#include "service/cli/stop_signals.h"
#include "service/cli/version.h"
#include "service/config/classifier_rules.h"
#include "service/export/result_exporter.h"
#include "service/ingest/ingest_gate.h"
#include "service/ingest/instance_store.h"
#include "service/ingest/open_associations.h"
#include "service/logging.h"
#include "service/query/query_retrieve_service.h"
#include "service/series/series_completion.h"
#include "service/unix_time.h"
#include "service/worker/interrupted_jobs.h"
#include "service/worker/job_runner.h"
#include "service/worker/worker_pool.h"
#include "storage/file_store.h"
#include "storage/stores.h"

namespace everynet::service {
namespace {

// Warnings and errors the dashboard shows.
constexpr std::size_t kRecentLogLines = 100;

void announceStart(const Config& config, storage::Stores& index) {
  spdlog::info("EveryNet {} starting: AE title {}, DICOM port {}, data directory {}", kVersion,
               config.dicom.ae_title, config.dicom.port, config.storage.data_dir.string());
  if (config.dicom.allowed_peers.empty()) {
    spdlog::warn(
        "dicom.allowed_peers is empty: any caller that knows our AE title may send; "
        "list the PACS there");
  }
  const double now = unixNow();
  if (const int closed = index.ingest.closeInterruptedAssociations(now)) {
    spdlog::warn("{} association(s) were open when the service last stopped; marked interrupted",
                 closed);
  }
  spdlog::info("index holds {} instance(s), {} job(s)", index.ingest.instanceCount(),
               index.jobs.jobs().size());
}

// The admin web, once a credential lets anyone in; without one, a warning that says how.
std::unique_ptr<admin::AdminWeb> startAdminWeb(const admin::AdminContext& context) {
  if (!admin::adminWebEnabled(context.config.admin)) {
    spdlog::warn("admin web is off: neither admin.password_hash nor admin.token_hashes is set; {}",
                 admin::howToEnableAdminWeb());
    return nullptr;
  }
  auto web = std::make_unique<admin::AdminWeb>(context);
  spdlog::info("admin web on {}", web->url());
  return web;
}

}  // namespace

int serveCommand(Config config) {
  configureLogging(config.logging.level);
  const auto recent_log = admin::attachRecentLog(kRecentLogLines);
  // DCMTK leaves Nagle's algorithm on unless TCP_NODELAY is set; with it on, every small
  // C-STORE response waits for a delayed ACK (measured: 99 small instances in 4.4 s instead of
  // 0.25 s). An administrator's own setting wins.
  ::setenv("TCP_NODELAY", "1", 0);
  StopSignals stop_signals;

  storage::FileStore files(config.storage.data_dir);
  storage::Stores index(config.storage.data_dir / "index.sqlite",
                        storage::Database::Access::read_write);
  announceStart(config, index);
  recoverInterruptedJobs(config.engine.max_interruptions, index.jobs, files);

  const T1ceClassifier classifier(classifierRulesFrom(config.classifier));
  OpenAssociations open_associations;
  InstanceStore store(files, index.ingest);
  QueryRetrieveService query_retrieve(config, index.queries);
  IngestGate gate(config.dicom, index.ingest, store, open_associations, query_retrieve);
  SeriesCompletion completion(index.timelines, index.jobs, open_associations, classifier,
                              *parseBaselinePolicy(config.series.baseline),
                              config.series.quiet_seconds);

  dicom::StoreScp scp({config.dicom.ae_title, config.dicom.port, config.dicom.max_associations,
                       std::chrono::seconds(config.dicom.acse_timeout_seconds),
                       std::chrono::seconds(config.dicom.dimse_timeout_seconds),
                       config.dicom.max_pdu_bytes, config.dicom.max_nesting_depth,
                       static_cast<std::uint64_t>(config.dicom.max_instance_mb) << 20},
                      gate);
  scp.open();
  spdlog::info("listening for DICOM associations on port {}", config.dicom.port);

  ResultExporter exporter(config, index.exports);
  const auto slots = workerSlots(config.engine, engine::cudaDeviceCount());
  // Every slot's training works on the CPU too (all of it without a GPU): they share the cores.
  config.engine.threads =
      engine::cpuThreadsPerTraining(config.engine.threads, static_cast<int>(slots.size()));
  JobRunner runner(config, files, index.jobs, store,
                   [&exporter](std::int64_t job_id, const std::vector<std::string>& results) {
                     exporter.enqueue(job_id, results);
                   });
  WorkerPool workers(slots, index.jobs, runner);
  const admin::AdminContext admin_context{config,
                                          index.reads,
                                          index.jobs,
                                          index.exports,
                                          files,
                                          open_associations,
                                          [&workers] { workers.wake(); },
                                          slots,
                                          *recent_log};
  // Before the workers and exports start, so that a port in use stops the start cleanly.
  const auto admin_web = startAdminWeb(admin_context);
  exporter.start();
  workers.start();
  spdlog::info("analysis worker: engine profile {}, {} slot(s) on {}, {} CPU thread(s) each",
               config.engine.profile, slots.size(), slots.front(), config.engine.threads);
  // Each job's report and SR say it too; the administrator should know it before the first one.
  spdlog::warn("analysis worker: {}", engine::personalNetworkCaution(config.engine.profile));

  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;

  std::thread signal_thread([&] {
    if (const int received = stop_signals.wait()) {
      spdlog::info("signal {} received: finishing open associations and stopping", received);
    }
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    if (admin_web) admin_web->stop();
    scp.stop();
    workers.stop();
    exporter.stop();
  });

  std::thread completion_thread([&] {
    std::unique_lock lock(mutex);
    while (!stopping) {
      lock.unlock();
      try {
        completion.completeDueSeries(unixNow());
      } catch (const std::exception& error) {
        spdlog::error("series completion failed: {}", error.what());
      }
      lock.lock();
      wake.wait_for(lock, std::chrono::seconds(1), [&] { return stopping; });
    }
  });

  try {
    scp.serve();
  } catch (...) {
    stop_signals.interrupt();  // ends the signal thread's wait, then the loop
    completion_thread.join();
    signal_thread.join();
    throw;
  }
  completion_thread.join();
  signal_thread.join();
  if (admin_web) admin_web->join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace everynet::service
