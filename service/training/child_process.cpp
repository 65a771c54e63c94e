#include "service/training/child_process.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace everynet::service {
namespace {

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() { close(); }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

[[noreturn]] void reportAndExit(int error_fd) {
  const int error = errno;
  [[maybe_unused]] const auto written = ::write(error_fd, &error, sizeof error);
  ::_exit(127);
}

// Between fork and exec only async-signal-safe calls: another thread of the parent may have held
// a lock (malloc's among others) at the fork. A failure is reported through error_fd, which is
// closed on exec, so that the parent reads either an errno or the end of the pipe.
[[noreturn]] void becomeChild(char* const* argv, ChildStreams streams, int null_fd, int error_fd,
                              pid_t parent) {
  const auto fail = [error_fd] { reportAndExit(error_fd); };
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail();
  // The parent may have ended before prctl: then nothing would kill the child later.
  if (::getppid() != parent) ::_exit(127);
  if (::setpgid(0, 0) != 0) fail();
  if (::dup2(null_fd, STDIN_FILENO) < 0 || ::dup2(streams.stdout_fd, STDOUT_FILENO) < 0 ||
      ::dup2(streams.stderr_fd, STDERR_FILENO) < 0) {
    fail();
  }
  // exec keeps a blocked or ignored signal so: the trainer must see SIGTERM and SIGPIPE as usual.
  sigset_t none;
  sigemptyset(&none);
  if (::sigprocmask(SIG_SETMASK, &none, nullptr) != 0) fail();
  for (const int signal_number : {SIGTERM, SIGINT, SIGPIPE, SIGHUP})
    ::signal(signal_number, SIG_DFL);
  // Closed at exec rather than now, so that error_fd stays open to report a failed exec.
  if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) fail();
  ::execv(argv[0], argv);
  reportAndExit(error_fd);
}

}  // namespace

pid_t startChildProcess(const std::vector<std::string>& argv, ChildStreams streams) {
  if (argv.empty()) throw std::invalid_argument("startChildProcess: no command");
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  const Descriptor null_input(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (null_input.get() < 0) throw std::system_error(errno, std::generic_category(), "/dev/null");
  int error_pipe[2];
  if (::pipe2(error_pipe, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot create a pipe");
  }
  const Descriptor error_read(error_pipe[0]);
  Descriptor error_write(error_pipe[1]);

  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) becomeChild(args.data(), streams, null_input.get(), error_write.get(), parent);
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "cannot fork");
  error_write.close();

  int child_error = 0;
  ssize_t got = 0;
  while ((got = ::read(error_read.get(), &child_error, sizeof child_error)) < 0 && errno == EINTR) {
  }
  if (got > 0) {
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(child_error));
  }
  return pid;
}

std::string describeSignal(int signal_number) {
  const char* abbreviation = ::sigabbrev_np(signal_number);
  const char* description = ::sigdescr_np(signal_number);
  std::string text = "signal " + std::to_string(signal_number);
  if (abbreviation != nullptr) {
    text += " (SIG" + std::string(abbreviation);
    if (description != nullptr) text += ", " + std::string(description);
    text += ")";
  }
  return text;
}

}  // namespace everynet::service
