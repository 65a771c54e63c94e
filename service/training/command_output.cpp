#include "service/training/command_output.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

#include "service/training/child_process.h"

namespace everynet::service {
namespace {

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      throw std::system_error(errno, std::generic_category(), "cannot create a pipe");
    }
    read_end = fds[0];
    write_end = fds[1];
  }
  ~Pipe() {
    closeRead();
    closeWrite();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void closeRead() {
    if (read_end >= 0) ::close(read_end);
    read_end = -1;
  }
  void closeWrite() {
    if (write_end >= 0) ::close(write_end);
    write_end = -1;
  }
};

// Appends what the pipe has to the text (up to the limit; the rest is read and dropped, so that
// the child does not block on a full pipe); closes the pipe at its end.
void drain(Pipe& pipe, std::string& text) {
  std::array<char, 4096> buffer;
  const auto got = ::read(pipe.read_end, buffer.data(), buffer.size());
  if (got < 0 && errno == EINTR) return;
  if (got <= 0) {
    pipe.closeRead();
    return;
  }
  const auto room = kMaxCommandOutput - std::min(kMaxCommandOutput, text.size());
  text.append(buffer.data(), std::min(room, static_cast<std::size_t>(got)));
}

}  // namespace

CommandOutput runCommandForOutput(const std::vector<std::string>& argv,
                                  std::chrono::milliseconds time_limit) {
  Pipe out, err;
  const pid_t pid = startChildProcess(argv, {out.write_end, err.write_end});
  out.closeWrite();
  err.closeWrite();

  CommandOutput result;
  const auto deadline = std::chrono::steady_clock::now() + time_limit;
  while (out.read_end >= 0 || err.read_end >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
      break;
    }
    std::array<pollfd, 2> fds{{{out.read_end, POLLIN, 0}, {err.read_end, POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), static_cast<int>(left.count())) < 0 && errno != EINTR) {
      ::kill(-pid, SIGKILL);
      throw std::system_error(errno, std::generic_category(), "poll");
    }
    if (fds[0].revents != 0) drain(out, result.out);
    if (fds[1].revents != 0) drain(err, result.err);
  }
  // Both pipes ended: the command ended, or it closed them and goes on; the time limit holds.
  while (!result.timed_out) {
    const pid_t done = ::waitpid(pid, &result.wait_status, WNOHANG);
    if (done == pid) return result;
    if (std::chrono::steady_clock::now() >= deadline) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
    } else {
      ::usleep(10'000);
    }
  }
  while (::waitpid(pid, &result.wait_status, 0) < 0 && errno == EINTR) {
  }
  return result;
}

}  // namespace everynet::service
