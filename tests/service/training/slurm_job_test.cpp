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
