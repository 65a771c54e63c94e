#include "service/config/slurm_settings.h"

#include <string_view>

namespace everynet::service {
namespace {

// sbatch's --mem: a whole number, in megabytes or with a K, M, G or T suffix.
bool isSlurmMemory(const std::string& memory) {
  const auto end_of_number = memory.find_first_not_of("0123456789");
  if (memory.empty() || end_of_number == 0) return false;
  if (end_of_number == std::string::npos) return true;
  const std::string_view suffixes = "KMGTkmgt";  // sbatch takes either case
  return end_of_number + 1 == memory.size() &&
         suffixes.find(memory[end_of_number]) != std::string_view::npos;
}

// The trainer's --device on the node: cpu, cuda, or cuda:N for one GPU by index.
bool isTrainerDevice(const std::string& device) {
  if (device == "cpu" || device == "cuda") return true;
  const std::string_view prefix = "cuda:";
  return device.size() > prefix.size() && device.starts_with(prefix) &&
         device.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
}

}  // namespace

// What can be judged from [slurm] alone; what needs engine.backend is checkSlurm's.
void readSlurm(TableReader& t, Config::Slurm& s) {
  t.text("partition", s.partition);
  t.text("account", s.account);
  t.text("qos", s.qos);
  t.text("gres", s.gres);
  t.integer("cpus", 1, 4096, s.cpus);
  t.text("memory", s.memory);
  if (!isSlurmMemory(s.memory)) {
    throw ConfigError(t.key("memory"),
                      "must be as sbatch's --mem takes it: a number of megabytes, or with a K, M, "
                      "G or T suffix (e.g. \"16G\"), not '" +
                          s.memory + "'");
  }
  t.integer("time_limit_minutes", 1, 365 * 24 * 60, s.time_limit_minutes);
  t.textList("extra_arguments", s.extra_arguments);
  t.path("shared_dir", s.shared_dir);
  t.path("trainer", s.trainer);
  t.text("device", s.device);
  if (!isTrainerDevice(s.device)) {
    throw ConfigError(t.key("device"), "must be cpu, cuda or cuda:N, not '" + s.device + "'");
  }
  t.integer("max_submitted", 1, 1000, s.max_submitted);
  t.integer("poll_seconds", 1, 3600, s.poll_seconds);
}

// With engine.backend = "slurm" the cluster needs a partition, and the nodes a shared directory
// and a trainer; both paths must mean the same on the nodes as here, hence absolute. Without it
// [slurm] is not used, and not required.
void checkSlurm(const Config& config) {
  if (config.engine.backend != TrainingBackendKind::slurm) return;
  const auto& slurm = config.slurm;
  const std::string required = "is required with engine.backend = \"slurm\"";
  if (slurm.partition.empty()) throw ConfigError("slurm.partition", required);
  for (auto [key, path] : {std::pair{"slurm.shared_dir", &slurm.shared_dir},
                           std::pair{"slurm.trainer", &slurm.trainer}}) {
    if (path->empty()) throw ConfigError(key, required);
    if (!path->is_absolute()) {
      throw ConfigError(
          key, "must be an absolute path (the nodes see it too), not '" + path->string() + "'");
    }
  }
}

}  // namespace everynet::service
