// The one-node Slurm cluster that the Slurm backend's tests run on: real munged, slurmctld and
// slurmd; jobs that complete, are cancelled, run over their time limit or are refused.
#include "tests/support/slurm_cluster.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "tests/support/temp_dir.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Prints how long a part of a test took, for the figures in the report.
class Stopwatch {
 public:
  explicit Stopwatch(std::string what) : what_(std::move(what)) {}
  ~Stopwatch() {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
    std::cout << "[ timing ] " << what_ << ": " << elapsed.count() << " ms\n";
  }

 private:
  std::string what_;
  Clock::time_point started_ = Clock::now();
};

std::string submit(const SlurmCluster& cluster, const std::vector<std::string>& options) {
  std::vector<std::string> argv = {"sbatch", "--parsable"};
  argv.insert(argv.end(), options.begin(), options.end());
  const auto submitted = cluster.run(argv);
  EXPECT_EQ(submitted.exit_code, 0) << submitted.output;
  std::string job_id = submitted.output;
  job_id.erase(job_id.find_last_not_of("\n") + 1);
  return job_id;
}

bool listedBySqueue(const SlurmCluster& cluster, const std::string& job_id) {
  return cluster.run({"squeue", "-h", "-j", job_id, "-o", "%i"}).output.find(job_id) !=
         std::string::npos;
}

// The job's fields once squeue no longer lists it and it has a final state.
std::map<std::string, std::string> waitForEnd(const SlurmCluster& cluster,
                                              const std::string& job_id,
                                              std::chrono::seconds timeout) {
  const bool ended = waitUntil(
      [&] {
        const auto state = cluster.jobState(job_id);
        return !state.empty() && state != "PENDING" && state != "RUNNING" &&
               state != "COMPLETING" && !listedBySqueue(cluster, job_id);
      },
      timeout);
  EXPECT_TRUE(ended) << "job " << job_id << " still " << cluster.jobState(job_id);
  return cluster.job(job_id);
}

// Ended, or a zombie that init has not reaped yet.
bool processEnded(int pid) {
  if (::kill(pid, 0) != 0) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const auto after_name = line.rfind(')');
  return after_name == std::string::npos || line.substr(after_name + 2, 1) == "Z";
}

class SlurmClusterTest : public ::testing::Test {
 protected:
  SlurmClusterTest() : cluster_(directory_.path() / "slurm") {
    std::cout << "[ timing ] cluster start (munged, slurmctld, slurmd to node idle): "
              << cluster_.startupTime().count() << " ms\n";
  }

  TempDir directory_{"everynet-slurm"};
  SlurmCluster cluster_;
};

TEST_F(SlurmClusterTest, BatchJobCompletesWithItsOutput) {
  Stopwatch stopwatch("sbatch to COMPLETED (echo hello; sleep 1)");
  const auto job_id = submit(cluster_, {"--wrap", "echo hello; sleep 1"});
  ASSERT_FALSE(job_id.empty());

  const auto job = waitForEnd(cluster_, job_id, 30s);
  EXPECT_EQ(job.at("JobState"), "COMPLETED");
  EXPECT_EQ(job.at("ExitCode"), "0:0");
  EXPECT_EQ(job.at("Partition"), SlurmCluster::kPartition);
  EXPECT_EQ(readFile(job.at("StdOut")), "hello\n");
}

TEST_F(SlurmClusterTest, FailingJobEndsAsFailedWithItsExitCode) {
  Stopwatch stopwatch("sbatch to FAILED (exit 3)");
  const auto job_id = submit(cluster_, {"--wrap", "echo failing; exit 3"});

  const auto job = waitForEnd(cluster_, job_id, 30s);
  EXPECT_EQ(job.at("JobState"), "FAILED");
  EXPECT_EQ(job.at("ExitCode"), "3:0");
}

TEST_F(SlurmClusterTest, ScancelEndsARunningJobAsCancelled) {
  Stopwatch stopwatch("sbatch, RUNNING, scancel to CANCELLED");
  const auto job_id = submit(cluster_, {"--wrap", "echo started; sleep 120"});
  ASSERT_TRUE(waitUntil([&] { return cluster_.jobState(job_id) == "RUNNING"; }, 30s))
      << cluster_.jobState(job_id);

  const auto cancelled = cluster_.run({"scancel", job_id});
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.output;
  const auto job = waitForEnd(cluster_, job_id, 30s);
  EXPECT_EQ(job.at("JobState"), "CANCELLED");
}

TEST_F(SlurmClusterTest, UnknownPartitionIsRefusedBySbatchNamingIt) {
  const auto refused =
      cluster_.run({"sbatch", "--parsable", "--partition=no-such-partition", "--wrap", "true"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("no-such-partition"), std::string::npos) << refused.output;
  EXPECT_TRUE(cluster_.run({"squeue", "-h"}).output.empty());
}

// Slurm counts time limits in minutes and checks them every 30 s: this takes 60 to about 100 s.
TEST_F(SlurmClusterTest, JobOverItsTimeLimitEndsAsTimeout) {
  Stopwatch stopwatch("sbatch --time=1 (sleep 300) to TIMEOUT");
  const auto job_id = submit(cluster_, {"--time=1", "--wrap", "sleep 300"});

  const auto job = waitForEnd(cluster_, job_id, 150s);
  EXPECT_EQ(job.at("JobState"), "TIMEOUT");
  EXPECT_EQ(job.at("Reason"), "TimeLimit");
}

// slurmstepd and the job's processes outlive slurmd; the cluster's end must not leave them behind.
TEST(SlurmClustersTest, StoppingTheClusterEndsItsRunningJobs) {
  TempDir directory("everynet-slurm");
  std::vector<int> job_pids;
  {
    SlurmCluster cluster(directory.path() / "slurm");
    const auto job_id = submit(cluster, {"--wrap", "sleep 120"});
    ASSERT_TRUE(waitUntil([&] { return cluster.jobState(job_id) == "RUNNING"; }, 30s));
    std::istringstream listed(cluster.run({"scontrol", "listpids", job_id}).output);
    std::string header;
    std::getline(listed, header);  // PID JOBID STEPID LOCALID GLOBALID
    for (int pid = 0; listed >> pid; listed.ignore(1000, '\n')) job_pids.push_back(pid);
    ASSERT_FALSE(job_pids.empty());
  }
  for (const int pid : job_pids) {
    EXPECT_TRUE(waitUntil([&] { return processEnded(pid); }, 10s)) << "pid " << pid;
  }
}

TEST(SlurmClustersTest, TwoClustersAtOnceKeepTheirJobsApart) {
  TempDir directory("everynet-slurm");
  SlurmCluster first(directory.path() / "first");
  SlurmCluster second(directory.path() / "second");
  EXPECT_NE(first.slurmConf(), second.slurmConf());

  const auto first_job = submit(first, {"--wrap", "echo first"});
  const auto second_job = submit(second, {"--wrap", "echo second"});
  EXPECT_EQ(readFile(waitForEnd(first, first_job, 30s).at("StdOut")), "first\n");
  EXPECT_EQ(readFile(waitForEnd(second, second_job, 30s).at("StdOut")), "second\n");
  EXPECT_TRUE(first.job(second_job).empty() || first_job == second_job);
}

}  // namespace
}  // namespace everynet::test
