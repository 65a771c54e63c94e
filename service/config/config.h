#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "service/rules/job_pairing.h"

namespace everynet::service {

// engine.device: where jobs train. automatic: the GPUs when there are any, else the CPU.
enum class ComputeDevice { automatic, cpu, cuda };

// An analysis a job runs on a (baseline, follow-up) pair; engine.methods lists them.
enum class AnalysisMethod {
  registration_subtraction,  // the classical method: registration, then subtraction
  personal_wgan,             // the patient's own network, trained by everynet-train
};

// engine.backend: where personal trainings run.
enum class TrainingBackendKind {
  local,  // child processes of the service
  slurm,  // batch jobs on a Slurm cluster ([slurm])
};

// engine.model_retention: what becomes of a patient's model weights once the results are stored.
enum class ModelRetention {
  discard,  // deleted
  keep,     // kept under the data directory (models/job-N), never used for anyone else
};

// A caller allowed to associate: both its AE title and its host (IP address) must match.
struct AllowedPeer {
  std::string ae_title;
  std::string host;
};

// A DICOM node results are sent to.
struct Destination {
  std::string name;
  std::string ae_title;
  std::string host;
  std::uint16_t port = 104;
};

// The whole configuration: loaded and validated once at start, immutable afterwards.
// Every field has a default so that `everynet serve` runs without a file.
struct Config {
  struct Dicom {
    std::string ae_title = "EVERYNET";
    std::uint16_t port = 11112;
    int max_associations = 16;
    // The whole A-ASSOCIATE-RQ must arrive within this time, whatever pace the caller sends at.
    int acse_timeout_seconds = 10;
    // An association on which nothing arrives for this long is aborted (the idle timeout).
    int dimse_timeout_seconds = 60;
    int max_nesting_depth = 32;  // sequences inside sequences in a received dataset
    int max_instance_mb = 1024;  // a received dataset, as sent and, when deflated, inflated
    std::uint32_t max_pdu_bytes = 65536;
    std::vector<AllowedPeer> allowed_peers;  // empty: any caller (warned at start)
  } dicom;

  struct Storage {
    std::filesystem::path data_dir;  // created if missing; its parent must exist
    // Free space on the data directory's file system below which C-STORE is refused with Out of
    // Resources (A700) and jobs wait; 0: off. service/admin/API.md#health says what else.
    int min_free_mb = 1024;
    // The lower line, kept for the index's own writes (jobs' and exports' bookkeeping): below it
    // ingest writes nothing to the index, not even an association's row; 0: off.
    int index_reserve_mb = 64;
  } storage;

  struct Series {
    int quiet_seconds = 20;
    BaselinePolicy baseline = BaselinePolicy::previous;
  } series;

  // Overrides of the T1ce classifier's pattern lists; empty keeps the built-in list.
  struct Classifier {
    std::vector<std::string> contrast_patterns;
    std::vector<std::string> exclude_patterns;
    std::vector<std::string> t1_patterns;
  } classifier;

  // The admin web. It starts only with a credential: a password hash or a bearer token hash.
  struct Admin {
    std::string listen = "127.0.0.1:8080";  // HOST:PORT
    std::string password_hash;              // `everynet admin hash-password`; empty: none
    std::vector<std::string> token_hashes;  // SHA-256 hex of bearer tokens, lower case
    std::filesystem::path tls_certificate;  // PEM; with tls_key: HTTPS only
    std::filesystem::path tls_key;
    int session_idle_minutes = 30;  // a browser session ends after this long unused
  } admin;

  std::vector<Destination> destinations;
  // Viewers and nodes that may be C-MOVE destinations but get no exports. A C-MOVE may name any
  // AE title of `destinations` or of this list.
  std::vector<Destination> retrieve_destinations;

  // The Query/Retrieve SCP (C-FIND, C-MOVE, C-GET) on dicom.ae_title and dicom.port.
  struct Query {
    bool results_only = false;  // true: only result series (what jobs wrote) are found and sent
  } query;

  // How results are sent to the destinations: failed attempts are retried after
  // initial_retry_seconds, doubling up to max_retry_seconds, until max_attempts have failed.
  struct Exports {
    int initial_retry_seconds = 30;
    int max_retry_seconds = 3600;
    int max_attempts = 12;  // with the delays above: given up on after about 5 hours
    int batch_size = 32;    // instances sent over one association
  } exports;

  struct Engine {
    // The analyses each pair gets, in this order. nullopt: "auto", registration-subtraction
    // always, plus personal-wgan when the trainer sees a GPU (resolved at start).
    std::optional<std::vector<AnalysisMethod>> methods;
    // The working grid of both methods and the personal network's schedule.
    std::string profile = "cpu";    // paper | cpu | test
    std::filesystem::path trainer;  // everynet-train to run; empty: the one beside the service
    TrainingBackendKind backend = TrainingBackendKind::local;
    // A trainer that writes no progress for this long is taken for hung, killed, and its
    // analysis fails.
    int trainer_silent_seconds = 600;
    ComputeDevice device = ComputeDevice::automatic;
    int threads = 0;               // 0: the cores shared out among the worker slots
    int cpu_slots = 1;             // jobs trained at once on the CPU (when no GPU is used)
    int gpu_slots_per_device = 1;  // jobs trained at once on each GPU
    // Starts that find a job left running by a dead service before it fails instead of resuming:
    // a job that crashes the service, or runs it out of memory, must not do so at every restart.
    int max_interruptions = 3;
    ModelRetention model_retention = ModelRetention::discard;
  } engine;

  // The Slurm cluster personal trainings are submitted to when engine.backend = "slurm".
  struct Slurm {
    std::string partition;       // required
    std::string account;         // empty: the submitting user's default
    std::string qos;             // empty: the default
    std::string gres;            // e.g. "gpu:1"; empty: none
    int cpus = 4;                // --cpus-per-task; the trainer's CPU threads
    std::string memory = "16G";  // --mem
    int time_limit_minutes = 240;
    std::vector<std::string> extra_arguments;  // passed to sbatch as they are, before the script
    // Seen by this host and the nodes alike; each job's folder in it is this service's alone.
    std::filesystem::path shared_dir;  // required
    std::filesystem::path trainer;     // everynet-train on the nodes; required
    std::string device = "cuda";       // the trainer's --device on the node: cuda | cuda:N | cpu
    int max_submitted = 4;             // personal trainings submitted at once
    int poll_seconds = 10;             // how often a submitted job's state is read
  } slurm;

  struct Logging {
    std::string level = "info";  // debug shows patient-identifying detail; info never does
  } logging;
};

// The data directory used when neither the file nor the command line names one: systemd's
// StateDirectory when run as a unit, else ./everynet-data.
std::filesystem::path defaultDataDir();

}  // namespace everynet::service
