#include "engine/compute_devices.h"

#include <torch/torch.h>

namespace everynet::engine {

int cudaDeviceCount() {
  return torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
}

}  // namespace everynet::engine
