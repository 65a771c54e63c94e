#include "engine/core/trainer/trainer_arguments.h"

#include <charconv>
#include <stdexcept>
#include <string_view>

namespace everynet::engine::trainer {
namespace {

template <typename Number>
Number numberOf(std::string_view flag, std::string_view text, Number least) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < least) {
    throw std::invalid_argument(std::string(flag) + " takes a whole number from " +
                                std::to_string(least) + ", not '" + std::string(text) + "'");
  }
  return value;
}

bool isDevice(std::string_view device) {
  if (device == "auto" || device == "cpu" || device == "cuda") return true;
  if (!device.starts_with("cuda:") || device.size() == 5) return false;
  return device.substr(5).find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

const char* const kTrainerUsage =
    "usage: everynet-train --pair DIR --out DIR [--profile NAME] [--set KEY=VALUE]... [--seed N]\n"
    "                      [--threads N] [--device auto|cpu|cuda|cuda:N]\n"
    "       everynet-train --describe\n";

TrainerArguments parseTrainerArguments(int argc, const char* const* argv) {
  TrainerArguments a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--describe") {
      a.describe = true;
      continue;
    }
    if (i + 1 == argc) throw std::invalid_argument("'" + std::string(flag) + "' needs a value");
    const std::string_view value = argv[++i];
    if (flag == "--pair")
      a.pair_dir = value;
    else if (flag == "--out")
      a.out_dir = value;
    else if (flag == "--profile")
      a.profile = value;
    else if (flag == "--set")
      a.settings.emplace_back(value);
    else if (flag == "--seed")
      a.seed = numberOf<std::uint64_t>(flag, value, 0);
    else if (flag == "--threads")
      a.threads = numberOf<int>(flag, value, 0);
    else if (flag == "--device")
      a.device = value;
    else
      throw std::invalid_argument("unknown option '" + std::string(flag) + "'");
  }
  if (!isDevice(a.device)) {
    throw std::invalid_argument("unknown device '" + a.device + "' (auto, cpu, cuda or cuda:N)");
  }
  if (!a.describe && (a.pair_dir.empty() || a.out_dir.empty())) {
    throw std::invalid_argument("--pair and --out are needed");
  }
  return a;
}

}  // namespace everynet::engine::trainer
