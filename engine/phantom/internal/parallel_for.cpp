#include "engine/phantom/internal/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace everynet::engine::phantom {

void parallelFor(int count, const std::function<void(int)>& body) {
  const int workers =
      std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, std::max(count, 1));
  std::atomic<int> next{0};
  const auto work = [&] {
    for (int index = next++; index < count; index = next++) body(index);
  };
  std::vector<std::thread> threads;
  for (int worker = 1; worker < workers; ++worker) threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
}

}  // namespace everynet::engine::phantom
