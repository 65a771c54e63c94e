// What the Slurm backend reads of scontrol's answers and writes for sbatch, without a cluster
// (the cluster's own answers: slurm_training_backend_test.cpp).
#include "service/training/slurm_job.h"

#include <gtest/gtest.h>

#include "service/training/slurm_training_backend.h"

namespace everynet::service {
namespace {

TEST(SlurmJobTest, ReadsTheFieldsOfScontrolsOneLineAnswer) {
  const auto job = parseSlurmJob(
      "JobId=42 JobName=everynet-job-7 UserId=everynet(998) JobState=PENDING "
      "Reason=ReqNodeNotAvail,_Reserved_for_maintenance Dependency=(null) ExitCode=0:0 "
      "StdOut=/shared/everynet/job 7/slurm.out Power=");
  ASSERT_TRUE(job);
  EXPECT_EQ(job->id, "42");
  EXPECT_EQ(job->name, "everynet-job-7");
  EXPECT_EQ(job->state, "PENDING");
  EXPECT_EQ(job->reason, "ReqNodeNotAvail,_Reserved_for_maintenance");
  EXPECT_EQ(job->exit_code, "0:0");
  EXPECT_EQ(job->std_out, "/shared/everynet/job 7/slurm.out") << "a value may hold a space";
  EXPECT_FALSE(parseSlurmJob("slurm_load_jobs error: Invalid job id specified"));
}

TEST(SlurmJobTest, OnlyEndedStatesAreFinal) {
  for (const char* state :
       {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED"}) {
    EXPECT_TRUE(isFinalSlurmState(state)) << state;
  }
  for (const char* state : {"PENDING", "RUNNING", "COMPLETING", "REQUEUED", "SUSPENDED"}) {
    EXPECT_FALSE(isFinalSlurmState(state)) << state;
  }
}

// Each way a job ends without a map, as the analysis's failure says it; the states the test
// cluster cannot produce (no memory limits, no preemption, one node) are checked here alone.
TEST(SlurmJobTest, EachEndWithoutAMapSaysWhyNamingTheKeyThatBearsOnIt) {
  Config::Slurm settings;
  settings.memory = "8G";
  settings.time_limit_minutes = 30;
  const auto ended = [&](const std::string& state, const std::string& exit_code = "0:0") {
    return howSlurmJobEnded({"42", "everynet-job-7", state, "None", exit_code, ""}, settings);
  };
  EXPECT_EQ(ended("FAILED", "2:0"), "Slurm job 42 failed with exit status 2");
  EXPECT_EQ(ended("TIMEOUT"),
            "Slurm job 42 reached its time limit of 30 minutes (slurm.time_limit_minutes); a retry "
            "resumes from its checkpoint");
  EXPECT_EQ(ended("OUT_OF_MEMORY"), "Slurm job 42 ran out of memory (slurm.memory = \"8G\")");
  EXPECT_EQ(ended("NODE_FAIL"),
            "Slurm job 42 ended as its node failed; a retry resumes from its checkpoint");
  EXPECT_EQ(ended("PREEMPTED"),
            "Slurm job 42 was preempted and not requeued; a retry resumes from its checkpoint");
  EXPECT_EQ(ended("CANCELLED"), "Slurm job 42 was cancelled in Slurm, not by this service");
  EXPECT_EQ(ended("COMPLETED"), "Slurm job 42 completed without writing a map");
  EXPECT_EQ(ended("BOOT_FAIL"), "Slurm job 42 ended as BOOT_FAIL");
}

TEST(SlurmJobTest, TheBatchScriptQuotesWhatItIsGivenAndChecksTheTrainerFirst) {
  if (!findOnPath("sbatch")) GTEST_SKIP() << "Slurm's client commands are not installed";
  Config::Slurm settings;
  settings.partition = "gpu";
  settings.gres = "gpu:1";
  settings.shared_dir = "/shared/every net";
  settings.trainer = "/opt/it's/everynet-train";
  settings.extra_arguments = {"--constraint=a100"};
  const SlurmTrainingBackend backend(settings);
  TrainingRequest request{"/local/pair", "/local/out", "paper", {"a=1"}, 7, 2, "cpu", "job-9"};

  const auto script = backend.batchScript(request);
  EXPECT_NE(script.find("umask 077"), std::string::npos);
  EXPECT_NE(script.find("if [ ! -x '/opt/it'\\''s/everynet-train' ]"), std::string::npos) << script;
  EXPECT_NE(script.find("--pair '/shared/every net/job-9/pair' --out '/shared/every "
                        "net/job-9/training' --seed 7 --threads 4 --device 'cuda' --profile "
                        "'paper' --set 'a=1'"),
            std::string::npos)
      << script;

  const auto arguments = backend.sbatchArguments(request);
  for (const char* expected :
       {"--job-name=everynet-job-9", "--partition=gpu", "--gres=gpu:1", "--cpus-per-task=4",
        "--mem=16G", "--time=240", "--requeue", "--constraint=a100"}) {
    EXPECT_NE(std::find(arguments.begin(), arguments.end(), expected), arguments.end()) << expected;
  }
  EXPECT_EQ(arguments.back(), "/shared/every net/job-9/train.sh");
}

}  // namespace
}  // namespace everynet::service
