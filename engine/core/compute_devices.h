#pragma once

#include "engine/core/cpu_threads.h"

namespace everynet::engine {

// How many CUDA devices this LibTorch can train on: 0 with a CPU-only build or without a GPU.
int cudaDeviceCount();

// Runs LibTorch's CPU operations on `threads` threads (0: one per core) and keeps OpenBLAS, which
// LibTorch calls from those threads, to one thread of its own. Left to itself, Debian's OpenBLAS
// keeps a second pool of one thread per core whose idle threads spin (sched_yield) on the cores
// LibTorch's threads need: on 2 cores a training step took 1.2 to 1.5 times as long
// (engine/PROFILES.md#decision-cpu-threads). Does nothing to a BLAS other than OpenBLAS.
void useCpuThreads(int threads);

// OpenBLAS's own thread count, or 0 when the BLAS in use is not OpenBLAS.
int openBlasThreads();

}  // namespace everynet::engine
