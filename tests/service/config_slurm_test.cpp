// [slurm]: the cluster personal trainings are submitted to with engine.backend = "slurm".
#include <gtest/gtest.h>

#include <fstream>

#include "service/config/config_loader.h"
#include "tests/support/temp_dir.h"

namespace everynet::service {
namespace {

namespace fs = std::filesystem;

class ConfigSlurmTest : public ::testing::Test {
 protected:
  fs::path write(const std::string& toml) {
    const auto file = dir_.path() / "everynet.toml";
    std::ofstream(file) << "[storage]\ndata_dir = '" << (dir_.path() / "data").string() << "'\n"
                        << toml;
    return file;
  }

  Config load(const std::string& toml) {
    Config config = loadConfigFile(write(toml));
    validateConfig(config, DataDir::check_only);
    return config;
  }

  // The whole error, "KEY: problem", or "" when the text loads and validates.
  std::string errorOf(const std::string& toml) {
    try {
      load(toml);
      return "";
    } catch (const ConfigError& error) {
      return error.what();
    }
  }

  std::string errorKeyOf(const std::string& toml) {
    try {
      load(toml);
      return "";
    } catch (const ConfigError& error) {
      return error.key();
    }
  }

  test::TempDir dir_{"everynet-config-slurm"};
};

// What backend = "slurm" needs, with one line left out or replaced by `change`.
std::string slurmConfig(const std::string& left_out = "", const std::string& change = "") {
  std::string toml = "[engine]\nbackend = 'slurm'\n[slurm]\n";
  for (const std::string line : {"partition = 'gpu'", "shared_dir = '/cluster/everynet'",
                                 "trainer = '/opt/everynet/bin/everynet-train'"}) {
    if (left_out.empty() || !line.starts_with(left_out + " ")) toml += line + "\n";
  }
  return toml + change;
}

TEST_F(ConfigSlurmTest, ReadsEveryKey) {
  const Config config = load(R"(
[engine]
backend = "slurm"
[slurm]
partition = "gpu"
account = "radiology"
qos = "high"
gres = "gpu:a100:1"
cpus = 8
memory = "32G"
time_limit_minutes = 90
extra_arguments = ["--constraint=a100", "--exclusive"]
shared_dir = "/cluster/scratch/everynet"
trainer = "/cluster/apps/everynet/bin/everynet-train"
device = "cuda:1"
max_submitted = 2
poll_seconds = 30
)");
  EXPECT_EQ(config.engine.backend, TrainingBackendKind::slurm);
  const auto& slurm = config.slurm;
  EXPECT_EQ(slurm.partition, "gpu");
  EXPECT_EQ(slurm.account, "radiology");
  EXPECT_EQ(slurm.qos, "high");
  EXPECT_EQ(slurm.gres, "gpu:a100:1");
  EXPECT_EQ(slurm.cpus, 8);
  EXPECT_EQ(slurm.memory, "32G");
  EXPECT_EQ(slurm.time_limit_minutes, 90);
  EXPECT_EQ(slurm.extra_arguments, (std::vector<std::string>{"--constraint=a100", "--exclusive"}));
  EXPECT_EQ(slurm.shared_dir, "/cluster/scratch/everynet");
  EXPECT_EQ(slurm.trainer, "/cluster/apps/everynet/bin/everynet-train");
  EXPECT_EQ(slurm.device, "cuda:1");
  EXPECT_EQ(slurm.max_submitted, 2);
  EXPECT_EQ(slurm.poll_seconds, 30);
}

// The example's [slurm] is commented out, so that the example loads with the local backend; taken
// in, it must load as it is, every key it documents a real one.
TEST_F(ConfigSlurmTest, TheExamplesCommentedSlurmTableLoadsWhenTakenIn) {
  std::ifstream example(EVERYNET_EXAMPLE_CONFIG);
  std::string toml = "[engine]\nbackend = 'slurm'\n";
  bool in_table = false;
  for (std::string line; std::getline(example, line);) {
    in_table = in_table ? !line.empty() : line == "# [slurm]";
    if (in_table) toml += line.substr(2) + "\n";
  }
  ASSERT_NE(toml.find("[slurm]"), std::string::npos) << "no commented [slurm] in the example";
  const Config config = load(toml);
  EXPECT_EQ(config.slurm.partition, "gpu");
  EXPECT_EQ(config.slurm.gres, "gpu:1");
  EXPECT_TRUE(config.slurm.shared_dir.is_absolute());
  EXPECT_TRUE(config.slurm.trainer.is_absolute());
  const Config::Slurm defaults;
  EXPECT_EQ(config.slurm.cpus, defaults.cpus);
  EXPECT_EQ(config.slurm.memory, defaults.memory);
  EXPECT_EQ(config.slurm.time_limit_minutes, defaults.time_limit_minutes);
  EXPECT_EQ(config.slurm.device, defaults.device);
  EXPECT_EQ(config.slurm.max_submitted, defaults.max_submitted);
  EXPECT_EQ(config.slurm.poll_seconds, defaults.poll_seconds);
}

TEST_F(ConfigSlurmTest, TheRequiredKeysAloneKeepTheDefaults) {
  const Config config = load(slurmConfig());
  const Config::Slurm defaults;
  EXPECT_EQ(config.slurm.account, "");
  EXPECT_EQ(config.slurm.gres, "");
  EXPECT_EQ(config.slurm.cpus, defaults.cpus);
  EXPECT_EQ(config.slurm.memory, "16G");
  EXPECT_EQ(config.slurm.time_limit_minutes, defaults.time_limit_minutes);
  EXPECT_TRUE(config.slurm.extra_arguments.empty());
  EXPECT_EQ(config.slurm.device, "cuda");
  EXPECT_EQ(config.slurm.max_submitted, defaults.max_submitted);
  EXPECT_EQ(config.slurm.poll_seconds, defaults.poll_seconds);
}

TEST_F(ConfigSlurmTest, TheSlurmBackendRefusesAMissingPartitionSharedDirOrTrainer) {
  EXPECT_EQ(errorOf(slurmConfig("partition")),
            "slurm.partition: is required with engine.backend = \"slurm\"");
  EXPECT_EQ(errorOf(slurmConfig("shared_dir")),
            "slurm.shared_dir: is required with engine.backend = \"slurm\"");
  EXPECT_EQ(errorOf(slurmConfig("trainer")),
            "slurm.trainer: is required with engine.backend = \"slurm\"");
  EXPECT_EQ(errorOf("[engine]\nbackend = 'slurm'\n"),
            "slurm.partition: is required with engine.backend = \"slurm\"")
      << "no [slurm] at all";
}

TEST_F(ConfigSlurmTest, TheSharedDirAndTrainerMustBeAbsolute) {
  EXPECT_EQ(errorOf(slurmConfig("shared_dir", "shared_dir = 'scratch/everynet'\n")),
            "slurm.shared_dir: must be an absolute path (the nodes see it too), not "
            "'scratch/everynet'");
  EXPECT_EQ(errorKeyOf(slurmConfig("trainer", "trainer = 'bin/everynet-train'\n")),
            "slurm.trainer");
}

TEST_F(ConfigSlurmTest, TheTableIsAcceptedUnusedWithTheLocalBackend) {
  const Config config = load("[slurm]\npartition = 'gpu'\nshared_dir = 'relative'\n");
  EXPECT_EQ(config.engine.backend, TrainingBackendKind::local);
  EXPECT_EQ(config.slurm.partition, "gpu");
  EXPECT_EQ(errorOf("[slurm]\ncpus = 2\n"), "");
}

TEST_F(ConfigSlurmTest, EachBadValueIsRefusedNamingItsKey) {
  EXPECT_EQ(errorKeyOf(slurmConfig("", "cpus = 0\n")), "slurm.cpus");
  EXPECT_EQ(errorKeyOf(slurmConfig("", "time_limit_minutes = 0\n")), "slurm.time_limit_minutes");
  EXPECT_EQ(errorKeyOf(slurmConfig("", "max_submitted = 0\n")), "slurm.max_submitted");
  EXPECT_EQ(errorKeyOf(slurmConfig("", "poll_seconds = 0\n")), "slurm.poll_seconds");
  EXPECT_EQ(errorKeyOf(slurmConfig("", "cpus = '4'\n")), "slurm.cpus");
  EXPECT_EQ(errorKeyOf(slurmConfig("partition", "partition = 1\n")), "slurm.partition");
  EXPECT_EQ(errorKeyOf(slurmConfig("", "account = true\n")), "slurm.account");
  EXPECT_EQ(errorKeyOf(slurmConfig("", "qos = 2\n")), "slurm.qos");
  EXPECT_EQ(errorKeyOf(slurmConfig("", "gres = ['gpu:1']\n")), "slurm.gres");
  EXPECT_EQ(errorKeyOf(slurmConfig("", "extra_arguments = '--exclusive'\n")),
            "slurm.extra_arguments");
  EXPECT_EQ(errorKeyOf(slurmConfig("", "extra_arguments = [1]\n")), "slurm.extra_arguments");
  EXPECT_EQ(errorKeyOf(slurmConfig("", "partitions = 'gpu'\n")), "slurm.partitions")
      << "an unknown key";
  // Refused whatever the backend.
  EXPECT_EQ(errorKeyOf("[slurm]\ncpus = -1\n"), "slurm.cpus");
}

TEST_F(ConfigSlurmTest, MemoryIsAsSbatchTakesIt) {
  for (const std::string memory : {"16G", "16384", "512M", "1T", "2048K", "16g", "0"}) {
    EXPECT_EQ(errorOf(slurmConfig("", "memory = '" + memory + "'\n")), "") << memory;
  }
  for (const std::string memory : {"", "16GB", "G", "1.5G", "-1G", "16 G", "16P"}) {
    EXPECT_EQ(errorKeyOf(slurmConfig("", "memory = '" + memory + "'\n")), "slurm.memory") << memory;
  }
  EXPECT_EQ(errorOf(slurmConfig("", "memory = '16GB'\n")),
            "slurm.memory: must be as sbatch's --mem takes it: a number of megabytes, or with a "
            "K, M, G or T suffix (e.g. \"16G\"), not '16GB'");
}

TEST_F(ConfigSlurmTest, TheDeviceIsCpuCudaOrCudaN) {
  for (const std::string device : {"cpu", "cuda", "cuda:0", "cuda:12"}) {
    EXPECT_EQ(errorOf(slurmConfig("", "device = '" + device + "'\n")), "") << device;
  }
  for (const std::string device : {"", "auto", "gpu", "cuda:", "cuda:x", "cuda:-1", "CUDA"}) {
    EXPECT_EQ(errorKeyOf(slurmConfig("", "device = '" + device + "'\n")), "slurm.device") << device;
  }
  EXPECT_EQ(errorOf(slurmConfig("", "device = 'auto'\n")),
            "slurm.device: must be cpu, cuda or cuda:N, not 'auto'");
}

}  // namespace
}  // namespace everynet::service
