#pragma once

namespace everynet::engine {

// CPU threads for each of `trainings` trainings that may run at once on this machine:
// `configured` when above 0, else the machine's cores shared out among them (at least one each).
// Threads of two trainings that outnumber the cores wait on each other
// (engine/PROFILES.md#decision-cpu-threads).
int cpuThreadsPerTraining(int configured, int trainings);

}  // namespace everynet::engine
