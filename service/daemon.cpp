#include "service/daemon.h"

#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "dicom/dicom_scp.h"
#include "engine/analysis/analysis_cautions.h"
#include "engine/core/compute_devices.h"
#include "service/admin/admin_context.h"
#include "service/admin/admin_web.h"
#include "service/admin/recent_log.h"
#include "service/config/classifier_rules.h"
#include "service/export/result_exporter.h"
#include "service/ingest/ingest_gate.h"
#include "service/ingest/instance_store.h"
#include "service/ingest/open_associations.h"
#include "service/logging.h"
#include "service/query/query_retrieve_service.h"
#include "service/series/series_completion.h"
#include "service/stop_signals.h"
#include "service/unix_time.h"
#include "service/version.h"
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

// DCMTK leaves Nagle's algorithm on unless TCP_NODELAY is set; with it on, every small C-STORE
// response waits for a delayed ACK (measured: 99 small instances in 4.4 s instead of 0.25 s).
// An administrator's own setting wins.
void turnOffNagleUnlessSet() {
  ::setenv("TCP_NODELAY", "1", 0);
}

dicom::DicomScpConfig dicomNodeSettings(const Config::Dicom& dicom) {
  return {dicom.ae_title,
          dicom.port,
          dicom.max_associations,
          std::chrono::seconds(dicom.acse_timeout_seconds),
          std::chrono::seconds(dicom.dimse_timeout_seconds),
          dicom.max_pdu_bytes,
          dicom.max_nesting_depth,
          static_cast<std::uint64_t>(dicom.max_instance_mb) << 20};
}

void announceWorkers(const Config::Engine& engine, const std::vector<std::string>& slots,
                     int cpu_threads) {
  spdlog::info("analysis worker: engine profile {}, {} slot(s) on {}, {} CPU thread(s) each",
               engine.profile, slots.size(), slots.front(), cpu_threads);
  // Each job's report and SR say it too; the administrator should know it before the first one.
  spdlog::warn("analysis worker: {}", engine::personalNetworkCaution(engine.profile));
}

// Completes the series that are due, once a second on a thread of its own, until stopped.
class CompletionLoop {
 public:
  explicit CompletionLoop(SeriesCompletion& completion)
      : thread_([this, &completion] { run(completion); }) {}
  ~CompletionLoop() {
    requestStop();
    thread_.join();
  }
  CompletionLoop(const CompletionLoop&) = delete;
  CompletionLoop& operator=(const CompletionLoop&) = delete;

  // Thread-safe; the loop ends within its current pass.
  void requestStop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
  }

 private:
  void run(SeriesCompletion& completion) {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        completion.completeDueSeries(unixNow());
      } catch (const std::exception& error) {
        spdlog::error("series completion failed: {}", error.what());
      }
      lock.lock();
      wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: it starts once the members above exist
};

// Serves DICOM associations on this thread, and completes series beside it, until a stop signal
// arrives; then `stop_parts` stops what runs (the DICOM node among it, which ends the serving).
// If serving fails, the parts are stopped as for a signal and the error passed on.
void serveUntilStopped(dicom::DicomScp& scp, SeriesCompletion& completion,
                       StopSignals& stop_signals, const std::function<void()>& stop_parts) {
  CompletionLoop completion_loop(completion);
  std::thread signal_thread([&] {
    if (const int received = stop_signals.wait()) {
      spdlog::info("signal {} received: finishing open associations and stopping", received);
    }
    completion_loop.requestStop();
    stop_parts();
  });
  try {
    scp.serve();
  } catch (...) {
    stop_signals.interrupt();  // ends the signal thread's wait, then the parts
    signal_thread.join();
    throw;
  }
  signal_thread.join();
}

}  // namespace

int runDaemon(const Config& config) {
  configureLogging(config.logging.level);
  const auto recent_log = admin::attachRecentLog(kRecentLogLines);
  turnOffNagleUnlessSet();
  StopSignals stop_signals;

  storage::FileStore files(config.storage.data_dir);
  storage::Stores index(config.storage.data_dir / "index.sqlite",
                        storage::Database::Access::read_write);
  announceStart(config, index);
  recoverInterruptedJobs(config.engine.max_interruptions, index.jobs, files);

  // Receiving: the DICOM node stores, answers queries and completes series.
  const T1ceClassifier classifier(classifierRulesFrom(config.classifier));
  OpenAssociations open_associations;
  InstanceStore store(files, index.ingest);
  QueryRetrieveService query_retrieve(config, index.queries);
  IngestGate gate(config.dicom, index.ingest, store, open_associations, query_retrieve);
  SeriesCompletion completion(
      index.timelines, index.jobs, open_associations, classifier, config.series.baseline,
      config.series.quiet_seconds,
      config.engine.methods.value_or(std::vector{AnalysisMethod::registration_subtraction}));
  dicom::DicomScp scp(dicomNodeSettings(config.dicom), gate);
  scp.open();
  spdlog::info("listening for DICOM associations on port {}", config.dicom.port);

  // Working: jobs run on the slots, their results are exported, the admin web shows it all.
  ResultExporter exporter(config, index.exports);
  const auto slots = workerSlots(config.engine, engine::cudaDeviceCount());
  // Every slot's training works on the CPU too (all of it without a GPU): they share the cores.
  const int cpu_threads =
      engine::cpuThreadsPerTraining(config.engine.threads, static_cast<int>(slots.size()));
  JobRunner runner(config, cpu_threads, files, index.jobs, store,
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
  announceWorkers(config.engine, slots, cpu_threads);

  serveUntilStopped(scp, completion, stop_signals, [&] {
    if (admin_web) admin_web->stop();
    scp.stop();
    workers.stop();
    exporter.stop();
  });
  if (admin_web) admin_web->join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace everynet::service
