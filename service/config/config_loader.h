#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include "service/config/config.h"

namespace everynet::service {

// A configuration problem; `key` names the setting as written in the file, e.g. "dicom.port".
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string key, const std::string& problem)
      : std::runtime_error(key + ": " + problem), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

// Reads a TOML file: unknown keys, wrong types and out-of-range values are errors.
Config loadConfigFile(const std::filesystem::path& file);
// The file's configuration, or the defaults when no file is named (empty).
Config loadConfigFileOrDefaults(const std::filesystem::path& file);

enum class DataDir { create_if_missing, check_only };

// Checks what depends on the machine and on several keys together (directories, duplicates,
// patterns) and fills in the default data directory. With create_if_missing, a missing data
// directory whose parent exists is created.
void validateConfig(Config& config, DataDir data_dir_policy);

}  // namespace everynet::service
