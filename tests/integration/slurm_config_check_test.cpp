// `everynet config check` with engine.backend = "slurm" against the real one-node cluster: a good
// [slurm] passes; an unknown partition, a missing shared directory, Slurm's commands not on PATH
// and a controller that does not answer are refused, each naming what is wrong, never a hang.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <regex>

#include "tests/support/process.h"
#include "tests/support/slurm_cluster.h"
#include "tests/support/temp_dir.h"

namespace everynet::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A TCP port that accepts connections (the kernel does, up to the backlog) and never answers:
// a controller that hangs.
class SilentPort {
 public:
  SilentPort() : socket_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (socket_ < 0 || ::bind(socket_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(socket_, 16) != 0 ||
        ::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen on loopback");
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentPort() { ::close(socket_); }
  SilentPort(const SilentPort&) = delete;
  SilentPort& operator=(const SilentPort&) = delete;
  int port() const { return port_; }

 private:
  int socket_;
  int port_ = 0;
};

class SlurmConfigCheckTest : public ::testing::Test {
 protected:
  SlurmConfigCheckTest() { fs::create_directories(shared_dir_); }

  // The configuration of a service that submits to the cluster's `partition` and shares
  // `shared_dir` with its node.
  fs::path writeConfig(const std::string& partition, const fs::path& shared_dir) {
    const auto file = directory_.path() / "everynet.toml";
    std::ofstream(file) << "[storage]\ndata_dir = '" << (directory_.path() / "data").string()
                        << "'\n[engine]\nbackend = 'slurm'\n[slurm]\npartition = '" << partition
                        << "'\nshared_dir = '" << shared_dir.string()
                        << "'\ntrainer = '/opt/everynet/bin/everynet-train'\n";
    return file;
  }

  // `everynet config check FILE` with the cluster's environment, then `overrides` (NAME=value).
  RunResult check(const fs::path& file, const std::vector<std::string>& overrides = {}) {
    std::vector<std::string> argv = {"/usr/bin/env", "-i"};
    for (const auto& variable : cluster_.environment()) argv.push_back(variable);
    argv.insert(argv.end(), overrides.begin(), overrides.end());
    argv.insert(argv.end(), {EVERYNET_BINARY, "config", "check", file.string()});
    return runCommand(argv, 30s);
  }

  TempDir directory_{"everynet-slurm-config"};
  SlurmCluster cluster_{directory_.path() / "slurm"};
  fs::path shared_dir_ = directory_.path() / "shared";
};

TEST_F(SlurmConfigCheckTest, AGoodSlurmConfigurationPasses) {
  const auto file = writeConfig(SlurmCluster::kPartition, shared_dir_);
  const auto result = check(file);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("slurm.partition: 'everynet-test' exists (State=UP)"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("on PATH: sbatch, scontrol, scancel"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("slurm.trainer: /opt/everynet/bin/everynet-train runs on the "
                               "nodes and cannot be checked from here; it is checked at the "
                               "first submission"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find(file.string() + ": configuration is valid"), std::string::npos)
      << result.output;
}

TEST_F(SlurmConfigCheckTest, AnUnknownPartitionIsRefusedNamingTheKey) {
  const auto result = check(writeConfig("no-such-partition", shared_dir_));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("slurm.partition: the cluster has no partition "
                               "'no-such-partition' (its partitions: everynet-test)"),
            std::string::npos)
      << result.output;
  EXPECT_EQ(result.output.find("configuration is valid"), std::string::npos) << result.output;
}

TEST_F(SlurmConfigCheckTest, AMissingSharedDirectoryIsRefusedNamingTheKey) {
  const auto missing = directory_.path() / "no-such-dir";
  const auto result = check(writeConfig(SlurmCluster::kPartition, missing));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("slurm.shared_dir: " + missing.string() + " does not exist"),
            std::string::npos)
      << result.output;

  const auto file_not_directory = directory_.path() / "a-file";
  std::ofstream(file_not_directory) << "not a directory";
  const auto file = check(writeConfig(SlurmCluster::kPartition, file_not_directory));
  EXPECT_EQ(file.exit_code, 2) << file.output;
  EXPECT_NE(
      file.output.find("slurm.shared_dir: " + file_not_directory.string() + " is not a directory"),
      std::string::npos)
      << file.output;
}

TEST_F(SlurmConfigCheckTest, SlurmsCommandsNotOnPathAreRefusedByName) {
  const auto result =
      check(writeConfig(SlurmCluster::kPartition, shared_dir_), {"PATH=/nonexistent"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  for (const std::string command : {"sbatch", "scontrol", "scancel"}) {
    EXPECT_NE(result.output.find("engine.backend = \"slurm\": " + command + " is not on PATH"),
              std::string::npos)
        << result.output;
  }
}

// The controller's address taken by a port that never answers, and Slurm's own message timeout
// set beyond the check's: the check must end at its 10 s with a warning that names the command.
TEST_F(SlurmConfigCheckTest, AControllerThatDoesNotAnswerIsAWarningWithinTheTimeLimit) {
  const SilentPort silent;
  std::string conf = readFile(cluster_.slurmConf());
  conf = std::regex_replace(conf, std::regex("SlurmctldPort=[0-9]+"),
                            "SlurmctldPort=" + std::to_string(silent.port()));
  const auto silent_conf = directory_.path() / "silent-slurm.conf";
  std::ofstream(silent_conf) << conf << "MessageTimeout=100\n";

  const auto started = std::chrono::steady_clock::now();
  const auto result = check(writeConfig(SlurmCluster::kPartition, shared_dir_),
                            {"SLURM_CONF=" + silent_conf.string()});
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 0) << "a cluster that is down does not keep the DICOM node down: "
                                 << result.output;
  EXPECT_NE(result.output.find("warning: slurm.partition: cannot check 'everynet-test': the "
                               "cluster did "
                               "not answer `scontrol --all --oneliner show partition` within "
                               "10 s"),
            std::string::npos)
      << result.output;
  EXPECT_LT(took, 20s);
}

}  // namespace
}  // namespace everynet::test
