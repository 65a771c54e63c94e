#include "service/cli/command_runner.h"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "service/config/config_loader.h"

namespace everynet::service {

std::optional<int> parseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version end here with 0; every usage error exits 2, like a bad configuration.
    return app.exit(error) == 0 ? 0 : kConfigErrorStatus;
  }
  return std::nullopt;
}

int runReportingErrors(const std::function<int()>& command) {
  try {
    return command();
  } catch (const ConfigError& error) {
    std::cerr << "everynet: configuration error: " << error.what() << '\n';
    return kConfigErrorStatus;
  } catch (const std::exception& error) {
    std::cerr << "everynet: " << error.what() << '\n';
    return 1;
  }
}

int runParsedSubcommand(const std::vector<Subcommand>& subcommands) {
  for (const auto& subcommand : subcommands) {
    if (subcommand.parsed_from->parsed()) return runReportingErrors(subcommand.run);
  }
  std::cerr << "everynet: no command given\n";  // require_subcommand rules this out
  return kConfigErrorStatus;
}

}  // namespace everynet::service
