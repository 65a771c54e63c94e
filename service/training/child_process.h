#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace everynet::service {

// Where a child's stdout and stderr go: descriptors of the caller's, which stay the caller's.
struct ChildStreams {
  int stdout_fd = -1;
  int stderr_fd = -1;
};

// Starts argv (argv[0] a path, not looked up) as a child process leader of its own process group
// (a Ctrl-C at the terminal reaches the parent alone, which decides), with stdin from /dev/null,
// the default signal dispositions and mask, and no other descriptor of this process open in it
// (a DICOM association's socket, the index's database). The kernel kills it with SIGKILL when the
// thread that started it ends (PR_SET_PDEATHSIG), so that it never outlives the service: start it
// from a thread that lives at least as long as the child should. Throws std::runtime_error,
// saying why, when it cannot be started (a missing or non-executable file among others).
pid_t startChildProcess(const std::vector<std::string>& argv, ChildStreams streams);

// "signal 9 (SIGKILL, Killed)": a signal by number, abbreviation and description.
std::string describeSignal(int signal_number);

}  // namespace everynet::service
