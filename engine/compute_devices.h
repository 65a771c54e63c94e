#pragma once

namespace everynet::engine {

// How many CUDA devices this LibTorch can train on: 0 with a CPU-only build or without a GPU.
int cudaDeviceCount();

}  // namespace everynet::engine
