#include "engine/profile_settings.h"

#include <charconv>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace everynet::engine {
namespace {

using Setter = std::function<void(TrainingProfile&, std::string_view key, std::string_view value)>;

template <typename Number>
std::string shown(Number number) {
  std::ostringstream out;
  out << number;
  return out.str();
}

template <typename Number>
Number parsed(std::string_view key, std::string_view value, Number low, Number high) {
  Number number{};
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size()) {
    throw std::invalid_argument("profile setting " + std::string(key) + ": '" + std::string(value) +
                                "' is not a number");
  }
  if (number < low || number > high) {
    throw std::invalid_argument("profile setting " + std::string(key) + ": " + std::string(value) +
                                " is out of range [" + shown(low) + ", " + shown(high) + "]");
  }
  return number;
}

Setter integer(int TrainingProfile::*field, int low, int high) {
  return [=](TrainingProfile& p, std::string_view key, std::string_view value) {
    p.*field = parsed(key, value, low, high);
  };
}

Setter real(double TrainingProfile::*field, double low, double high) {
  return [=](TrainingProfile& p, std::string_view key, std::string_view value) {
    p.*field = parsed(key, value, low, high);
  };
}

const std::map<std::string, Setter, std::less<>>& setters() {
  constexpr int kManyIterations = 1'000'000;
  static const std::map<std::string, Setter, std::less<>> table{
      {"generator_iterations", integer(&TrainingProfile::generator_iterations, 1, kManyIterations)},
      {"critic_updates", integer(&TrainingProfile::critic_updates, 1, 1000)},
      {"heavy_critic_updates", integer(&TrainingProfile::heavy_critic_updates, 1, 1000)},
      {"warmup_iterations", integer(&TrainingProfile::warmup_iterations, 0, kManyIterations)},
      {"heavy_period", integer(&TrainingProfile::heavy_period, 0, kManyIterations)},
      {"batch_size", integer(&TrainingProfile::batch_size, 1, 256)},
      {"generator_learning_rate", real(&TrainingProfile::generator_learning_rate, 1e-7, 1)},
      {"critic_learning_rate", real(&TrainingProfile::critic_learning_rate, 1e-7, 1)},
      {"gradient_penalty_weight", real(&TrainingProfile::gradient_penalty_weight, 0, 1e4)},
      {"map_l1_weight", real(&TrainingProfile::map_l1_weight, 0, 1e4)},
      {"tumour_slice_fraction", real(&TrainingProfile::tumour_slice_fraction, 0, 1)},
      {"augment_noise_sigma_max", real(&TrainingProfile::augment_noise_sigma_max, 0, 1)},
      {"noise_square_size", integer(&TrainingProfile::noise_square_size, 0, 64)},
      {"checkpoint_every", integer(&TrainingProfile::checkpoint_every, 0, kManyIterations)},
  };
  return table;
}

}  // namespace

void applyProfileSetting(TrainingProfile& profile, const std::string& assignment) {
  const auto equals = assignment.find('=');
  if (equals == std::string::npos) {
    throw std::invalid_argument("profile setting '" + assignment + "' is not key=value");
  }
  const std::string_view key = std::string_view(assignment).substr(0, equals);
  const std::string_view value = std::string_view(assignment).substr(equals + 1);
  const auto setter = setters().find(key);
  if (setter == setters().end()) {
    std::string known;
    for (const auto& name : profileSettingKeys()) known += (known.empty() ? "" : ", ") + name;
    throw std::invalid_argument("unknown profile setting '" + std::string(key) +
                                "' (known: " + known + ")");
  }
  setter->second(profile, key, value);
}

std::vector<std::string> profileSettingKeys() {
  std::vector<std::string> keys;
  for (const auto& [key, setter] : setters()) keys.push_back(key);
  return keys;
}

}  // namespace everynet::engine
