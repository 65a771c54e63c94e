#include "tests/support/slurm_cluster.h"

#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "tests/support/free_port.h"

extern char** environ;

namespace everynet::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Debian installs the daemons in /usr/sbin, which is not on a plain user's PATH.
constexpr const char* kSbin = "/usr/sbin/";

std::string currentUserName() {
  const passwd* user = ::getpwuid(::geteuid());
  if (user == nullptr) throw std::runtime_error("SlurmCluster: no passwd entry for this user");
  return user->pw_name;
}

int usableCpuCount() {
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  if (::sched_getaffinity(0, sizeof(cpus), &cpus) != 0) return 1;
  return CPU_COUNT(&cpus);
}

// A tenth below the machine's memory: slurmd drains a node whose configured RealMemory is more
// than it finds.
long realMemoryMebibytes() {
  const long bytes = ::sysconf(_SC_PHYS_PAGES) * ::sysconf(_SC_PAGESIZE);
  return bytes / (1024 * 1024) * 9 / 10;
}

// munged wants a key of at least 32 bytes that only its user can read.
void writeMungeKey(const fs::path& key_file) {
  std::random_device random;
  std::string key(1024, '\0');
  for (auto& byte : key) byte = static_cast<char>(random());
  std::ofstream(key_file, std::ios::binary) << key;
  fs::permissions(key_file, fs::perms::owner_read);
}

// munged refuses a socket unless everyone may traverse every folder above it.
void makeTraversable(const fs::path& directory) {
  for (fs::path folder = directory; folder != folder.parent_path(); folder = folder.parent_path()) {
    const auto traverse = fs::perms::group_exec | fs::perms::others_exec;
    std::error_code not_ours;  // a folder we do not own is left as it is; munged names it
    if ((fs::status(folder).permissions() & traverse) != traverse) {
      fs::permissions(folder, traverse, fs::perm_options::add, not_ours);
    }
  }
}

bool isSlurmOptionVariable(std::string_view entry) {
  static constexpr std::array<std::string_view, 9> kPrefixes = {"SLURM_", "SBATCH_",   "SALLOC_",
                                                                "SRUN_",  "SQUEUE_",   "SINFO_",
                                                                "SACCT_", "SCONTROL_", "SCANCEL_"};
  for (const auto prefix : kPrefixes) {
    if (entry.starts_with(prefix)) return true;
  }
  return false;
}

// The log's last lines, for an error that outlives the test's directory.
std::string tailOf(const fs::path& log, std::size_t lines = 20) {
  std::ifstream file(log);
  std::vector<std::string> kept;
  for (std::string line; std::getline(file, line);) {
    kept.push_back(line);
    if (kept.size() > lines) kept.erase(kept.begin());
  }
  std::string tail;
  for (const auto& line : kept) tail += "\n  " + line;
  return tail;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \n\t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \n\t") - first + 1);
}

}  // namespace

SlurmCluster::SlurmCluster(const fs::path& directory, std::chrono::seconds start_timeout)
    : directory_(fs::absolute(directory)),
      slurm_conf_(directory_ / "slurm.conf"),
      munge_socket_(directory_ / "munge" / "munge.socket") {
  const auto started = Clock::now();
  for (const char* folder : {"munge", "state", "spool", "log", "jobs"}) {
    fs::create_directories(directory_ / folder);
  }
  makeTraversable(directory_ / "munge");
  writeMungeKey(directory_ / "munge" / "munge.key");
  writeConfig(freeTcpPort(), freeTcpPort());
  try {
    startDaemons();
    waitUntilIdle(start_timeout);
  } catch (...) {
    stopDaemons();  // gently: a SIGKILLed slurmctld leaves its slurmscriptd behind a moment
    throw;
  }
  startup_time_ = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
}

SlurmCluster::~SlurmCluster() {
  cancelJobs();
  stopDaemons();
}

fs::path SlurmCluster::logFile(const std::string& daemon) const {
  return directory_ / "log" / (daemon + ".log");
}

void SlurmCluster::writeConfig(int controller_port, int node_port) const {
  const std::string user = currentUserName();
  std::ofstream conf(slurm_conf_);
  conf << "ClusterName=everynet-test\n"
       << "SlurmctldHost=" << kNodeName << "\n"
       << "SlurmctldPort=" << controller_port << "\n"
       << "SlurmdPort=" << node_port
       << "\n"
       // Run as whoever runs the test: root in CI, a plain user elsewhere (whose jobs then run
       // as that same user, which needs no privilege).
       << "SlurmUser=" << user << "\n"
       << "SlurmdUser=" << user << "\n"
       << "AuthType=auth/munge\n"
       << "CredType=cred/munge\n"
       << "AuthInfo=socket=" << munge_socket_.string() << "\n"
       << "StateSaveLocation=" << (directory_ / "state").string() << "\n"
       << "SlurmdSpoolDir=" << (directory_ / "spool").string() << "\n"
       << "SlurmctldPidFile=" << (directory_ / "slurmctld.pid").string() << "\n"
       << "SlurmdPidFile=" << (directory_ / "slurmd.pid").string()
       << "\n"
       // Neither needs cgroups or privileges.
       << "ProctrackType=proctrack/linuxproc\n"
       << "TaskPlugin=task/none\n"
       << "JobAcctGatherType=jobacct_gather/none\n"
       << "AccountingStorageType=accounting_storage/none\n"
       << "MpiDefault=none\n"
       << "SelectType=select/cons_tres\n"
       << "SelectTypeParameters=CR_Core_Memory\n"
       // Without a default a job takes all the node's memory and the next one waits for it.
       << "DefMemPerCPU=256\n"
       // Ended jobs stay visible to scontrol this long (there is no sacct without slurmdbd).
       << "MinJobAge=300\n"
       // A job over its time limit gets SIGKILL this soon after SIGTERM.
       << "KillWait=5\n"
       << "ReturnToService=2\n"
       << "NodeName=" << kNodeName << " NodeAddr=127.0.0.1 CPUs=" << usableCpuCount()
       << " RealMemory=" << realMemoryMebibytes() << " State=UNKNOWN\n"
       << "PartitionName=" << kPartition << " Nodes=" << kNodeName
       << " Default=YES MaxTime=60 State=UP\n";
  if (!conf) throw std::runtime_error("SlurmCluster: cannot write " + slurm_conf_.string());
}

void SlurmCluster::startDaemons() {
  const fs::path munge = directory_ / "munge";
  munged_ = std::make_unique<Process>(
      std::vector<std::string>{std::string(kSbin) + "munged", "--foreground",
                               "--key-file=" + (munge / "munge.key").string(),
                               "--socket=" + munge_socket_.string(),
                               "--pid-file=" + (munge / "munged.pid").string(),
                               "--seed-file=" + (munge / "munged.seed").string()},
      logFile("munged"));
  if (!waitUntil([&] { return fs::exists(munge_socket_) || !munged_->running(); }, 10s) ||
      !munged_->running()) {
    throw std::runtime_error("SlurmCluster: munged did not start; see " +
                             logFile("munged").string() + ":" + tailOf(logFile("munged")));
  }
  // In the foreground without a LogFile in slurm.conf, each daemon logs to stderr.
  slurmctld_ = std::make_unique<Process>(
      std::vector<std::string>{std::string(kSbin) + "slurmctld", "-D", "-f", slurm_conf_.string()},
      logFile("slurmctld"));
  // The node's name is not the machine's host name, so slurmd is told it.
  slurmd_ =
      std::make_unique<Process>(std::vector<std::string>{std::string(kSbin) + "slurmd", "-D", "-N",
                                                         kNodeName, "-f", slurm_conf_.string()},
                                logFile("slurmd"));
}

void SlurmCluster::waitUntilIdle(std::chrono::seconds timeout) {
  const std::vector<std::pair<const char*, Process*>> daemons = {
      {"munged", munged_.get()}, {"slurmctld", slurmctld_.get()}, {"slurmd", slurmd_.get()}};
  std::string state;
  const bool idle = waitUntil(
      [&] {
        for (const auto& [name, daemon] : daemons) {
          if (!daemon->running()) {
            throw std::runtime_error(std::string("SlurmCluster: ") + name + " exited; see " +
                                     logFile(name).string() + ":" + tailOf(logFile(name)));
          }
        }
        state = trimmed(run({"sinfo", "-h", "-n", kNodeName, "-o", "%t"}, 5s).output);
        return state == "idle";
      },
      timeout);
  if (!idle) {
    throw std::runtime_error("SlurmCluster: node not idle after " +
                             std::to_string(timeout.count()) + " s (sinfo: \"" + state +
                             "\"); see " + logFile("slurmctld").string() + " and " +
                             logFile("slurmd").string() + ":" + tailOf(logFile("slurmd")));
  }
}

std::vector<std::string> SlurmCluster::environment() const {
  std::vector<std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!isSlurmOptionVariable(*entry)) variables.emplace_back(*entry);
  }
  variables.push_back("SLURM_CONF=" + slurm_conf_.string());
  return variables;
}

RunResult SlurmCluster::run(const std::vector<std::string>& argv,
                            std::chrono::seconds timeout) const {
  std::vector<std::string> command = {"env", "-i", "-C", jobDirectory().string()};
  const auto variables = environment();
  command.insert(command.end(), variables.begin(), variables.end());
  command.insert(command.end(), argv.begin(), argv.end());
  return runCommand(command, timeout);
}

std::map<std::string, std::string> SlurmCluster::job(const std::string& job_id) const {
  const auto shown = run({"scontrol", "show", "job", "-o", job_id});
  std::map<std::string, std::string> fields;
  if (shown.exit_code != 0) return fields;
  std::istringstream words(shown.output);
  for (std::string word; words >> word;) {
    const auto equals = word.find('=');
    if (equals != std::string::npos) fields[word.substr(0, equals)] = word.substr(equals + 1);
  }
  return fields;
}

std::vector<std::string> SlurmCluster::jobsNamed(const std::string& name) const {
  const auto listed = run({"squeue", "-h", "-t", "all", "-n", name, "-o", "%i"});
  std::vector<std::string> ids;
  std::istringstream lines(listed.output);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) ids.push_back(line);
  }
  return ids;
}

std::string SlurmCluster::jobState(const std::string& job_id) const {
  const auto fields = job(job_id);
  const auto state = fields.find("JobState");
  return state == fields.end() ? "" : state->second;
}

// slurmstepd outlives slurmd, so a job left running would outlive the test.
void SlurmCluster::cancelJobs() {
  if (!slurmctld_ || !slurmctld_->running()) return;
  run({"scancel", "--partition", kPartition}, 10s);
  waitUntil([&] { return trimmed(run({"squeue", "-h", "-o", "%i"}, 5s).output).empty(); }, 15s);
}

void SlurmCluster::stopDaemons() {
  stopDaemon(slurmd_);
  stopDaemon(slurmctld_);
  stopDaemon(munged_);
}

void SlurmCluster::stopDaemon(std::unique_ptr<Process>& daemon) {
  if (!daemon) return;
  daemon->signal(SIGTERM);
  daemon->waitExit(15s);
  daemon.reset();  // SIGKILL for one that did not end
}

}  // namespace everynet::test
