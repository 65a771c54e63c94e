// The worker's pure rules: which devices its slots train on, and how a failure reads.
#include <gtest/gtest.h>

#include <new>
#include <stdexcept>

#include "service/worker/job_failure.h"
#include "service/worker/worker_pool.h"

namespace everynet::service {
namespace {

TEST(WorkerSlotsTest, CpuSlotsWithoutAGpu) {
  Config::Engine engine;
  engine.cpu_slots = 2;
  EXPECT_EQ(workerSlots(engine, 0), (std::vector<std::string>{"cpu", "cpu"}));
}

TEST(WorkerSlotsTest, GpuSlotsPerDeviceWhenThereAreGpus) {
  Config::Engine engine;
  engine.gpu_slots_per_device = 2;
  EXPECT_EQ(workerSlots(engine, 2),
            (std::vector<std::string>{"cuda:0", "cuda:0", "cuda:1", "cuda:1"}));
}

TEST(WorkerSlotsTest, TheCpuWhenTheConfigurationSaysSoDespiteGpus) {
  Config::Engine engine;
  engine.device = ComputeDevice::cpu;
  EXPECT_EQ(workerSlots(engine, 1), (std::vector<std::string>{"cpu"}));
}

TEST(WorkerSlotsTest, CudaWithoutAGpuIsNotTurnedIntoCpuWork) {
  Config::Engine engine;
  engine.device = ComputeDevice::cuda;
  EXPECT_EQ(workerSlots(engine, 0), (std::vector<std::string>{"cuda"}));
}

TEST(JobFailureTest, SaysWhereItFailedAndKeepsTheFirstLineOnly) {
  const std::runtime_error error("3 slices; at least 16 are needed\nstack trace follows");
  EXPECT_EQ(jobFailureReason(JobStage::reading_followup, error),
            "reading the follow-up series: 3 slices; at least 16 are needed");
}

TEST(JobFailureTest, OutOfMemoryOnTheCpuOrTheGpuSaysSo) {
  EXPECT_EQ(jobFailureReason(JobStage::training, std::bad_alloc())
                .rfind("out of memory while training", 0),
            0u);
  const std::runtime_error cuda("CUDA out of memory. Tried to allocate 2.00 GiB");
  EXPECT_EQ(jobFailureReason(JobStage::training, cuda).rfind("out of memory while training", 0),
            0u);
}

}  // namespace
}  // namespace everynet::service
