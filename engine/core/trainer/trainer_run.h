#pragma once

#include <functional>

#include "engine/core/trainer/trainer_arguments.h"

namespace everynet::engine::trainer {

// everynet-train's exit status (engine/core/TRAINER.md).
enum class TrainerExit { finished = 0, failed = 1, refused = 2, stopped = 3 };

// Trains the personal network on the prepared pair and writes progress.jsonl, checkpoint/ and
// map.vol under the out directory, resuming from a checkpoint there. `stop_requested` is asked as
// the training's StopRequest. Says on stderr why when it fails or refuses.
TrainerExit runTraining(const TrainerArguments& arguments,
                        const std::function<bool()>& stop_requested);

}  // namespace everynet::engine::trainer
