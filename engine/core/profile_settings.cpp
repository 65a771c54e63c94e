#include "engine/core/profile_settings.h"

#include <charconv>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

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

// Sets one numeric field, parsed as the field's own type and kept within [low, high].
template <typename Number>
Setter field(Number TrainingProfile::*member, std::type_identity_t<Number> low,
             std::type_identity_t<Number> high) {
  return [=](TrainingProfile& p, std::string_view key, std::string_view value) {
    p.*member = parsed(key, value, low, high);
  };
}

// Divides every generator and critic width by the value, so that a narrower network can be
// measured with the released binary. Each width must stay a whole number of channels.
void divideWidths(TrainingProfile& p, std::string_view key, std::string_view value) {
  const int divisor = parsed(key, value, 1, 16);
  auto divided = [&](int width) {
    if (width % divisor != 0) {
      throw std::invalid_argument("profile setting " + std::string(key) + ": width " +
                                  std::to_string(width) + " is not divisible by " +
                                  std::to_string(divisor));
    }
    return width / divisor;
  };
  for (auto& width : p.generator_widths) width = divided(width);
  for (auto& level : p.critic_levels) {
    for (auto& width : level) width = divided(width);
  }
}

const std::map<std::string, Setter, std::less<>>& setters() {
  constexpr int kManyIterations = 1'000'000;
  static const std::map<std::string, Setter, std::less<>> table{
      {"generator_iterations", field(&TrainingProfile::generator_iterations, 1, kManyIterations)},
      {"critic_updates", field(&TrainingProfile::critic_updates, 1, 1000)},
      {"heavy_critic_updates", field(&TrainingProfile::heavy_critic_updates, 1, 1000)},
      {"warmup_iterations", field(&TrainingProfile::warmup_iterations, 0, kManyIterations)},
      {"heavy_period", field(&TrainingProfile::heavy_period, 0, kManyIterations)},
      {"batch_size", field(&TrainingProfile::batch_size, 1, 256)},
      {"generator_learning_rate", field(&TrainingProfile::generator_learning_rate, 1e-7, 1)},
      {"critic_learning_rate", field(&TrainingProfile::critic_learning_rate, 1e-7, 1)},
      {"gradient_penalty_weight", field(&TrainingProfile::gradient_penalty_weight, 0, 1e4)},
      {"map_l1_weight", field(&TrainingProfile::map_l1_weight, 0, 1e4)},
      {"tumour_slice_fraction", field(&TrainingProfile::tumour_slice_fraction, 0, 1)},
      {"augment_noise_sigma_max", field(&TrainingProfile::augment_noise_sigma_max, 0, 1)},
      {"noise_square_size", field(&TrainingProfile::noise_square_size, 0, 64)},
      {"checkpoint_every", field(&TrainingProfile::checkpoint_every, 0, kManyIterations)},
      {"width_divisor", divideWidths},
  };
  return table;
}

}  // namespace

TrainingProfile profileWithSettings(const std::string& name,
                                    const std::vector<std::string>& assignments) {
  auto profile = profileByName(name);
  if (!profile) {
    throw std::invalid_argument("unknown profile '" + name + "' (paper, cpu or test)");
  }
  for (const auto& assignment : assignments) applyProfileSetting(*profile, assignment);
  return *profile;
}

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
