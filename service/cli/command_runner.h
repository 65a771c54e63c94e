#pragma once

#include <functional>
#include <optional>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

// What `everynet` and everynet-engine share around their commands: how a command line is parsed
// and how a command's errors end the process.
namespace everynet::service {

// Status 2: the command line or the configuration is wrong; nothing was started.
inline constexpr int kConfigErrorStatus = 2;

// Parses the command line into `app`: empty to go on, or the status to exit with (0 after --help,
// kConfigErrorStatus after a usage error, which it prints).
std::optional<int> parseCommandLine(CLI::App& app, int argc, char** argv);

// A subcommand as added to the command line, and what it runs once parsed: its options live in
// what `run` holds, filled by the parse.
struct Subcommand {
  CLI::App* parsed_from;
  std::function<int()> run;
};

// Runs the subcommand the command line named (through runReportingErrors).
int runParsedSubcommand(const std::vector<Subcommand>& subcommands);

// Runs the command and returns its status; a configuration error prints its reason and gives
// kConfigErrorStatus, any other error prints its reason and gives 1.
int runReportingErrors(const std::function<int()>& command);

}  // namespace everynet::service
