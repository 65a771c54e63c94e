#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace everynet::test {

// A child process for tests: a service under test, or a DCMTK tool talking to it.
// Not thread-safe; one owner waits for it.
class Process {
 public:
  // Starts argv (argv[0] absolute or looked up in PATH) with stdin from /dev/null and stdout and
  // stderr appended to log_file. Throws std::system_error when it cannot be started.
  Process(const std::vector<std::string>& argv, const std::filesystem::path& log_file);
  // The same with stdout and stderr written to output_fd, which stays the caller's.
  Process(const std::vector<std::string>& argv, int output_fd);
  // Kills (SIGKILL) and reaps a child that is still running.
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  int pid() const { return pid_; }
  bool running();
  // The exit code (128 + signal number for a child killed by a signal), or nothing if the child
  // is still running when the timeout ends.
  std::optional<int> waitExit(std::chrono::milliseconds timeout);
  // Sends the signal unless the child has already been reaped.
  void signal(int signal_number);

 private:
  bool reapIfExited();

  int pid_ = -1;
  std::optional<int> exit_code_;
};

struct RunResult {
  int exit_code = -1;  // as Process::waitExit; 128 + SIGKILL after a timeout
  std::string output;  // stdout and stderr together, in the order written
  bool timed_out = false;
};

// Runs a command to its end, or kills it when the timeout is over.
RunResult runCommand(const std::vector<std::string>& argv, std::chrono::seconds timeout);

// Polls the condition until it holds (true) or the timeout is over (false).
bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

// The whole file as bytes; throws std::runtime_error when it cannot be read.
std::string readFile(const std::filesystem::path& path);

}  // namespace everynet::test
