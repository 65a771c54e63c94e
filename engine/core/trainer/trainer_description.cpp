#include "engine/core/trainer/trainer_description.h"

#include <ATen/Context.h>
#include <torch/version.h>

#include "engine/core/compute_devices.h"
#include "engine/core/trainer/json_text.h"
#include "engine/core/training_pair_files.h"

namespace everynet::engine::trainer {
namespace {

// As far as the trainer can tell: a LibTorch built with MKL (PyTorch's) calls it; Debian's calls
// the system's libblas.so.3, which may be OpenBLAS (found by its symbols) or another.
std::string cpuBlas() {
  if (at::hasMKL()) return "MKL";
  if (openBlasThreads() > 0) return "OpenBLAS";
  return "unknown";
}

}  // namespace

std::string trainerDescription() {
  return std::string("{\"trainer\":\"everynet-train\",\"version\":") +
         jsonString(EVERYNET_VERSION) + ",\"pair_format\":" + std::to_string(kPairFormat) +
         ",\"libtorch\":" + jsonString(TORCH_VERSION) +
         ",\"cuda_devices\":" + std::to_string(cudaDeviceCount()) +
         ",\"blas\":" + jsonString(cpuBlas()) + "}";
}

}  // namespace everynet::engine::trainer
