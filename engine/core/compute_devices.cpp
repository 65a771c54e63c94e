#include "engine/core/compute_devices.h"

#include <dlfcn.h>
#include <torch/torch.h>

namespace everynet::engine {
namespace {

// Looked up at run time: LibTorch links the system's BLAS (libblas.so.3), which Debian's
// alternatives may point at OpenBLAS or at a BLAS without threads.
template <typename Function>
Function* openBlasFunction(const char* name) {
  return reinterpret_cast<Function*>(dlsym(RTLD_DEFAULT, name));
}

}  // namespace

int cudaDeviceCount() {
  return torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
}

void useCpuThreads(int threads) {
  torch::set_num_threads(cpuThreadsPerTraining(threads, 1));
  if (auto* set_threads = openBlasFunction<void(int)>("openblas_set_num_threads")) set_threads(1);
}

int openBlasThreads() {
  auto* get_threads = openBlasFunction<int()>("openblas_get_num_threads");
  return get_threads ? get_threads() : 0;
}

}  // namespace everynet::engine
