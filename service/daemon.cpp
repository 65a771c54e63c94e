#include "service/daemon.h"

#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "dicom/dicom_scp.h"
#include "engine/analysis/analysis_cautions.h"
#include "service/admin/admin_context.h"
#include "service/admin/admin_web.h"
#include "service/admin/recent_log.h"
#include "service/config/classifier_rules.h"
#include "service/config/config_loader.h"
#include "service/export/result_exporter.h"
#include "service/ingest/ingest_gate.h"
#include "service/ingest/instance_store.h"
#include "service/ingest/open_associations.h"
#include "service/logging.h"
#include "service/query/query_retrieve_service.h"
#include "service/series/series_completion.h"
#include "service/space/free_space_monitor.h"
#include "service/stop_signals.h"
#include "service/unix_time.h"
#include "service/version.h"
#include "service/worker/analysis_plan.h"
#include "service/worker/interrupted_jobs.h"
#include "service/worker/job_runner.h"
#include "service/worker/training_setup.h"
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

// The watermark, and where the free space stands at start; below it the monitor has said so.
void announceWatermarks(FreeSpaceMonitor& space) {
  const auto& marks = space.watermarks();
  if (marks.min_free_bytes == 0) {
    spdlog::info(
        "storage.min_free_mb is 0: no free-space watermark; C-STORE goes on until the "
        "disk is full");
    return;
  }
  const auto now = space.reading();
  if (now.level == SpaceLevel::enough && now.free_bytes) {
    spdlog::info("{}: {}", space.path().string(),
                 spaceLevelMessage(SpaceLevel::enough, *now.free_bytes, marks));
  }
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

// The methods settled at start; an explicit list the trainer cannot serve is a configuration
// error, so that the service does not accept pairs it cannot analyse as configured.
AnalysisPlan settleAnalyses(const Config::Engine& engine) {
  try {
    return planAnalyses(engine);
  } catch (const std::runtime_error& error) {
    throw ConfigError("engine.methods", error.what());
  }
}

TrainingSetup settleTraining(const Config& config, const AnalysisPlan& plan) {
  try {
    return setUpTraining(config, plan);
  } catch (const std::runtime_error& error) {
    throw ConfigError("engine.backend", error.what());
  }
}

std::string methodNames(const std::vector<AnalysisMethod>& methods) {
  std::string names;
  for (const auto method : methods)
    names += (names.empty() ? "" : ", ") + std::string(toString(method));
  return names;
}

void announceAnalyses(const Config& config, const AnalysisPlan& plan,
                      const std::vector<std::string>& training_slots, int cpu_threads) {
  const auto& engine = config.engine;
  spdlog::info("analysis methods: {}; working grid of engine profile {}", methodNames(plan.methods),
               engine.profile);
  if (!plan.personal_wgan_left_out.empty()) {
    spdlog::info(
        "personal WGAN not run by default: {}; engine.methods = [\"registration-subtraction\", "
        "\"personal-wgan\"] runs it on the CPU too",
        plan.personal_wgan_left_out);
  }
  if (!plan.runs(AnalysisMethod::personal_wgan)) return;
  if (const auto& trainer = plan.trainer_description) {
    spdlog::info(
        "personal training: trainer {} (version {}, LibTorch {}, BLAS {}, {} GPU(s)); {} slot(s) "
        "on {}, {} CPU thread(s) each",
        plan.trainer.string(), trainer->version, trainer->libtorch, trainer->blas,
        trainer->cuda_devices, training_slots.size(), training_slots.front(), cpu_threads);
  } else {
    const auto& slurm = config.slurm;
    spdlog::info(
        "personal training on Slurm: partition {}, gres \"{}\", {} CPU(s), memory {}, time limit "
        "{} min, device {}; trainer {} on the nodes; up to {} submitted at once, polled every {} s",
        slurm.partition, slurm.gres, slurm.cpus, slurm.memory, slurm.time_limit_minutes,
        slurm.device, slurm.trainer.string(), slurm.max_submitted, slurm.poll_seconds);
  }
  // Each job's report and SR say it too; the administrator should know it before the first one.
  spdlog::warn("personal training: {}", engine::personalNetworkCaution(engine.profile));
}

// Queued jobs of a method this configuration does not run wait until it does (e.g. personal WGAN
// jobs queued while a GPU trainer was configured): the administrator should know they wait.
void warnOfJobsNoMethodRuns(storage::JobQueue& jobs, const AnalysisPlan& plan) {
  std::map<std::string, int> waiting;
  for (const auto& job : jobs.jobs()) {
    const auto method = parseAnalysisMethod(job.method);
    if (job.state == storage::JobState::queued && !(method && plan.runs(*method))) {
      ++waiting[job.method];
    }
  }
  for (const auto& [method, count] : waiting) {
    spdlog::warn("{} queued {} job(s) wait: engine.methods does not run {}", count, method, method);
  }
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

  // Before anything listens: a trainer that cannot serve the configured methods stops the start.
  const AnalysisPlan plan = settleAnalyses(config.engine);

  // Receiving: the DICOM node stores, answers queries and completes series.
  const T1ceClassifier classifier(classifierRulesFrom(config.classifier));
  OpenAssociations open_associations;
  InstanceStore store(files, index.ingest);
  QueryRetrieveService query_retrieve(config, index.queries);
  FreeSpaceMonitor space(config.storage.data_dir, watermarksOf(config.storage));
  announceWatermarks(space);
  IngestGate gate(config.dicom, index.ingest, store, open_associations, query_retrieve, space);
  SeriesCompletion completion(index.timelines, index.jobs, open_associations, classifier,
                              config.series.baseline, config.series.quiet_seconds, plan.methods);
  dicom::DicomScp scp(dicomNodeSettings(config.dicom), gate);
  scp.open();
  spdlog::info("listening for DICOM associations on port {}", config.dicom.port);

  // Working: each method's jobs run on its pool's slots, their results are exported, the admin
  // web shows it all. The classical method has one slot of its own; personal trainings run as
  // child processes (the local backend), one per training slot.
  ResultExporter exporter(config, index.exports);
  const auto training = settleTraining(config, plan);
  const auto& training_slots = training.slots;
  // Every local training slot works on the CPU too (all of it without a GPU): they share the
  // cores. A cluster's trainings have slurm.cpus each.
  const int cpu_threads = cpuThreadsPerTraining(
      config.engine.threads, std::max(1, static_cast<int>(training_slots.size())));
  JobRunner runner(config, plan, cpu_threads, files, index.jobs, training.backend.get(),
                   [&exporter] { exporter.wake(); });
  const auto jobs_may_start = [&space] { return space.jobsMayStart(); };
  WorkerPool classical_workers({"cpu"}, {AnalysisMethod::registration_subtraction}, index.jobs,
                               runner, jobs_may_start);
  WorkerPool training_workers(training_slots, {AnalysisMethod::personal_wgan}, index.jobs, runner,
                              jobs_may_start);
  std::vector<std::string> devices = {"cpu"};
  devices.insert(devices.end(), training_slots.begin(), training_slots.end());
  const admin::AdminContext admin_context{config,
                                          index.reads,
                                          index.jobs,
                                          index.exports,
                                          files,
                                          open_associations,
                                          [&] {
                                            classical_workers.wake();
                                            training_workers.wake();
                                          },
                                          devices,
                                          *recent_log,
                                          space};
  // Before the workers and exports start, so that a port in use stops the start cleanly.
  const auto admin_web = startAdminWeb(admin_context);
  exporter.start();
  if (plan.runs(AnalysisMethod::registration_subtraction)) classical_workers.start();
  training_workers.start();
  announceAnalyses(config, plan, training_slots, cpu_threads);
  warnOfJobsNoMethodRuns(index.jobs, plan);

  serveUntilStopped(scp, completion, stop_signals, [&] {
    if (admin_web) admin_web->stop();
    scp.stop();
    classical_workers.stop();
    training_workers.stop();
    exporter.stop();
  });
  if (admin_web) admin_web->join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace everynet::service
