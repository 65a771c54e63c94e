#pragma once

#include <filesystem>
#include <optional>

#include "service/config/config.h"

namespace everynet::service {

// Each returns the process exit status.
int serveCommand(Config config);
int jobsCommand(const std::filesystem::path& data_dir, bool json);
int versionCommand();

}  // namespace everynet::service
