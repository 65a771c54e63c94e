#pragma once

#include <exception>
#include <string>

#include "service/worker/job_stage.h"

namespace everynet::service {

// The reason a job failed, in words an administrator can act on: "out of memory" (CPU or GPU),
// or what went wrong at the stage it was in (e.g. "reading the follow-up series: 3 slices; at
// least 16 are needed").
std::string jobFailureReason(JobStage stage, const std::exception& error);

}  // namespace everynet::service
