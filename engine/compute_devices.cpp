#include "engine/compute_devices.h"

#include <dlfcn.h>
#include <torch/torch.h>

#include <algorithm>
#include <thread>

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
  // Debian's LibTorch starts with one thread of its own; the many came from OpenBLAS's pool.
  const int per_core = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  torch::set_num_threads(threads > 0 ? threads : per_core);
  if (auto* set_threads = openBlasFunction<void(int)>("openblas_set_num_threads")) set_threads(1);
}

int openBlasThreads() {
  auto* get_threads = openBlasFunction<int()>("openblas_get_num_threads");
  return get_threads ? get_threads() : 0;
}

}  // namespace everynet::engine
