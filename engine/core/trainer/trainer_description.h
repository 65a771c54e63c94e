#pragma once

#include <string>

namespace everynet::engine::trainer {

// `everynet-train --describe`: one line of JSON with this trainer's version, the pair format it
// reads, its LibTorch, the CUDA devices it sees and the BLAS it calls on the CPU.
std::string trainerDescription();

}  // namespace everynet::engine::trainer
