#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

// The commands of the `everynet` binary itself: they read the index or the configuration and load
// neither LibTorch nor ITK, so that they answer at once (engine_commands.h has the others).
namespace everynet::service {

// Each returns the process exit status.
// Loads and validates the file; with engine.backend = "slurm" also checks the cluster from this
// host (slurm_cluster_check.h). kConfigErrorStatus when something is wrong, each problem a line.
int configCheckCommand(const std::filesystem::path& file);
int jobsCommand(const std::filesystem::path& data_dir, bool json);
// The export queue per destination, and the exports that failed or are being retried.
int exportListCommand(const std::filesystem::path& data_dir, bool json);
// Queues again every export of the job, sent ones included, or without a job every failed one.
int exportRetryCommand(const std::filesystem::path& data_dir, std::optional<std::int64_t> job_id);
int versionCommand();
// Reads a new admin password from standard input (twice without echo from a terminal, one line
// from a pipe) and prints its admin.password_hash.
int adminHashPasswordCommand();
// Prints a fresh bearer token and the admin.token_hashes line that lets it in.
int adminNewTokenCommand();

}  // namespace everynet::service
