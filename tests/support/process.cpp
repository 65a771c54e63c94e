#include "tests/support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

extern char** environ;

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Closes a file descriptor on every path out.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  ~FileDescriptor() { reset(); }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// posix_spawn's C structures, released on every path out.
class SpawnFileActions {
 public:
  SpawnFileActions() { ::posix_spawn_file_actions_init(&actions_); }
  ~SpawnFileActions() { ::posix_spawn_file_actions_destroy(&actions_); }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

int exitCodeOf(int wait_status) {
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return WEXITSTATUS(wait_status);
}

pid_t spawn(const std::vector<std::string>& argv, int output_fd) {
  if (argv.empty()) throw std::invalid_argument("Process: empty argv");
  SpawnFileActions actions;
  ::posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_adddup2(actions.get(), output_fd, STDOUT_FILENO);
  ::posix_spawn_file_actions_adddup2(actions.get(), output_fd, STDERR_FILENO);
  std::vector<char*> arguments;
  for (const auto& argument : argv) arguments.push_back(const_cast<char*>(argument.c_str()));
  arguments.push_back(nullptr);
  pid_t pid = -1;
  // glibc's posix_spawnp reports a failed exec here, not as an exit status of the child.
  const int error = ::posix_spawnp(&pid, argv[0].c_str(), actions.get(), nullptr,
                                   arguments.data(), environ);
  if (error != 0) throw std::system_error(error, std::generic_category(), "spawn " + argv[0]);
  return pid;
}

// Appends what the fd delivers until end of file or the deadline.
void readUntilEndOfFile(int fd, Clock::time_point deadline, std::string& output) {
  char buffer[65536];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left <= 0ms) return;
    pollfd readable{fd, POLLIN, 0};
    const int ready = ::poll(&readable, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw std::system_error(errno, std::generic_category(), "poll");
    if (ready == 0) return;
    const ssize_t count = ::read(fd, buffer, sizeof(buffer));
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) throw std::system_error(errno, std::generic_category(), "read");
    if (count == 0) return;
    output.append(buffer, static_cast<std::size_t>(count));
  }
}

}  // namespace

Process::Process(const std::vector<std::string>& argv, const std::filesystem::path& log_file) {
  const FileDescriptor log(
      ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (log.get() < 0) {
    throw std::system_error(errno, std::generic_category(), "open " + log_file.string());
  }
  pid_ = spawn(argv, log.get());
}

Process::Process(const std::vector<std::string>& argv, int output_fd)
    : pid_(spawn(argv, output_fd)) {}

Process::~Process() {
  if (exit_code_) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

bool Process::reapIfExited() {
  if (exit_code_) return true;
  int status = 0;
  const pid_t reaped = ::waitpid(pid_, &status, WNOHANG);
  if (reaped < 0 && errno != EINTR) {
    throw std::system_error(errno, std::generic_category(), "waitpid");
  }
  if (reaped == pid_) exit_code_ = exitCodeOf(status);
  return exit_code_.has_value();
}

bool Process::running() { return !reapIfExited(); }

std::optional<int> Process::waitExit(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  // Short naps first: most tools we wait for end within milliseconds.
  auto nap = 1ms;
  while (!reapIfExited() && Clock::now() < deadline) {
    std::this_thread::sleep_for(nap);
    nap = std::min<std::chrono::milliseconds>(nap * 2, 20ms);
  }
  return exit_code_;
}

void Process::signal(int signal_number) {
  if (!exit_code_) ::kill(pid_, signal_number);
}

RunResult runCommand(const std::vector<std::string>& argv, std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  const FileDescriptor read_end(ends[0]);
  FileDescriptor write_end(ends[1]);
  Process process(argv, write_end.get());
  write_end.reset();  // so that the child's exit ends the output

  RunResult result;
  // The output may also end at the deadline when a grandchild keeps the pipe open; what counts
  // is whether the command itself ended in time.
  readUntilEndOfFile(read_end.get(), deadline, result.output);
  auto exit_code = process.waitExit(
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
  if (!exit_code) {
    result.timed_out = true;
    process.signal(SIGKILL);
    exit_code = process.waitExit(10s);
  }
  result.exit_code = exit_code.value_or(-1);
  return result;
}

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace everynet::test
