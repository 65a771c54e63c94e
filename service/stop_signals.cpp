#include "service/stop_signals.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace everynet::service {
namespace {

int write_fd = -1;  // the pipe's write end, for the handler

extern "C" void onStopSignal(int signal_number) {
  const int saved = errno;
  const unsigned char byte = static_cast<unsigned char>(signal_number);
  [[maybe_unused]] const auto written = ::write(write_fd, &byte, 1);
  errno = saved;
}

void setHandler(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // DCMTK's and SQLite's system calls go on undisturbed
  if (::sigaction(signal_number, &action, nullptr) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot install a signal handler");
  }
}

}  // namespace

StopSignals::StopSignals() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot create the signal pipe");
  }
  read_fd_ = fds[0];
  write_fd = fds[1];
  setHandler(SIGTERM, onStopSignal);
  setHandler(SIGINT, onStopSignal);
}

StopSignals::~StopSignals() {
  setHandler(SIGTERM, SIG_DFL);
  setHandler(SIGINT, SIG_DFL);
  ::close(read_fd_);
  ::close(write_fd);
  write_fd = -1;
}

int StopSignals::wait() {
  unsigned char byte = 0;
  while (::read(read_fd_, &byte, 1) < 0 && errno == EINTR) {
  }
  return byte;
}

void StopSignals::interrupt() {
  onStopSignal(0);
}

}  // namespace everynet::service
