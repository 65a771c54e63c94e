// everynet-train: trains one patient's personal network on a prepared pair and writes its change
// map, out of the service's process (engine/core/TRAINER.md).
#include <signal.h>

#include <csignal>
#include <exception>
#include <iostream>
#include <stdexcept>

#include "engine/core/trainer/trainer_arguments.h"
#include "engine/core/trainer/trainer_description.h"
#include "engine/core/trainer/trainer_run.h"

namespace {

volatile std::sig_atomic_t stop_signalled = 0;

void requestStop(int) {
  stop_signalled = 1;
}

// SIGTERM (the service stopping, a cluster's time limit) and SIGINT stop the training at its
// next check; it exits 3 and resumes from its checkpoint when run again.
void stopOnSignals() {
  struct sigaction action {};
  action.sa_handler = requestStop;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  using everynet::engine::trainer::TrainerExit;
  everynet::engine::trainer::TrainerArguments arguments;
  try {
    arguments = everynet::engine::trainer::parseTrainerArguments(argc, argv);
  } catch (const std::invalid_argument& error) {
    std::cerr << "everynet-train: " << error.what() << '\n'
              << everynet::engine::trainer::kTrainerUsage;
    return static_cast<int>(TrainerExit::refused);
  }
  try {
    if (arguments.describe) {
      std::cout << everynet::engine::trainer::trainerDescription() << std::endl;
      return static_cast<int>(TrainerExit::finished);
    }
    stopOnSignals();
    return static_cast<int>(
        everynet::engine::trainer::runTraining(arguments, [] { return stop_signalled != 0; }));
  } catch (const std::exception& error) {
    std::cerr << "everynet-train: " << error.what() << '\n';
    return static_cast<int>(TrainerExit::failed);
  }
}
