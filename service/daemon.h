#pragma once

#include "service/config/config.h"

namespace everynet::service {

// The service itself, wired from a loaded and validated configuration: the index and file store,
// the DICOM node (storage, query/retrieve), series completion, the worker pool, the exporter and
// the admin web. Runs until SIGTERM or SIGINT, then stops each part cleanly; returns the process
// exit status.
int runDaemon(const Config& config);

}  // namespace everynet::service
