#pragma once

namespace everynet::service {

// SIGTERM and SIGINT as a wait for one thread. The handler only writes the signal number to a
// pipe (async-signal-safe), whichever thread the kernel picks: blocking the signals for sigwait
// cannot cover every thread, because LibTorch's BLAS starts its threads before main(). One per
// process; installs the handlers on construction and restores the defaults on destruction.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Blocks until a stop signal arrives (returns its number) or interrupt() is called (returns 0).
  int wait();
  void interrupt();

 private:
  int read_fd_ = -1;
};

}  // namespace everynet::service
