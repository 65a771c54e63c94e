#pragma once

#include <functional>

namespace everynet::engine::phantom {

// Runs body(0) .. body(count - 1) on all hardware threads, each index exactly once, in no
// particular order; returns when all are done. body must not throw.
void parallelFor(int count, const std::function<void(int)>& body);

}  // namespace everynet::engine::phantom
