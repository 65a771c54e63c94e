// A configuration file through the loader and the checks the service runs at start. Every
// problem must be a ConfigError that names the key; anything else escapes and is reported.
#include <cstddef>
#include <cstdint>

#include "service/config/config_loader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  everynet::fuzz::logToNowhere();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const everynet::fuzz::InputFile file("everynet.toml");
  try {
    auto config = everynet::service::loadConfigFile(file.write(data, size));
    everynet::service::validateConfig(config, everynet::service::DataDir::check_only);
  } catch (const everynet::service::ConfigError&) {
  }
  return 0;
}
