#include "service/worker/job_failure.h"

#include <new>

namespace everynet::service {

std::string jobFailureReason(JobStage stage, const std::exception& error) {
  const std::string doing(describe(stage));
  const std::string what = error.what();
  // LibTorch reports an exhausted GPU as a c10::Error whose message says so; the service does not
  // see LibTorch's types, only the message.
  const bool out_of_memory = dynamic_cast<const std::bad_alloc*>(&error) != nullptr ||
                             what.find("out of memory") != std::string::npos;
  if (out_of_memory) {
    return "out of memory while " + doing + " (try a smaller engine.profile or fewer slots)";
  }
  // LibTorch messages carry a C++ stack trace after the first line; the reason needs the line.
  return doing + ": " + what.substr(0, what.find('\n'));
}

}  // namespace everynet::service
