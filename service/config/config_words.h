#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "service/config/config.h"

namespace everynet::service {

// The words the configuration file uses for its enumerated settings. The loader reads them from
// here; logs, JSON and the command line write them back from here, so that each value has one
// spelling.
template <typename Enum>
struct ConfigWord {
  std::string_view text;
  Enum value;
};

inline constexpr std::array<ConfigWord<BaselinePolicy>, 3> kBaselinePolicyWords{{
    {"previous", BaselinePolicy::previous},
    {"first", BaselinePolicy::first},
    {"nadir", BaselinePolicy::nadir},
}};

inline constexpr std::array<ConfigWord<ComputeDevice>, 3> kComputeDeviceWords{{
    {"auto", ComputeDevice::automatic},
    {"cpu", ComputeDevice::cpu},
    {"cuda", ComputeDevice::cuda},
}};

inline constexpr std::array<ConfigWord<ModelRetention>, 2> kModelRetentionWords{{
    {"delete", ModelRetention::discard},
    {"keep", ModelRetention::keep},
}};

inline constexpr std::array<ConfigWord<AnalysisMethod>, 2> kAnalysisMethodWords{{
    {"registration-subtraction", AnalysisMethod::registration_subtraction},
    {"personal-wgan", AnalysisMethod::personal_wgan},
}};

inline constexpr std::array<ConfigWord<TrainingBackendKind>, 2> kTrainingBackendWords{{
    {"local", TrainingBackendKind::local},
    {"slurm", TrainingBackendKind::slurm},
}};

// The value a word stands for; empty for a word that is not in `words` (the case counts).
template <typename Enum, std::size_t N>
std::optional<Enum> valueOfWord(const std::array<ConfigWord<Enum>, N>& words,
                                std::string_view text) {
  for (const auto& word : words) {
    if (word.text == text) return word.value;
  }
  return std::nullopt;
}

// "previous|first|nadir": the words as an error message lists them.
template <typename Enum, std::size_t N>
std::string listOfWords(const std::array<ConfigWord<Enum>, N>& words) {
  std::string list;
  for (const auto& word : words) {
    if (!list.empty()) list += '|';
    list += word.text;
  }
  return list;
}

std::string_view wordFor(BaselinePolicy policy);
std::string_view wordFor(ComputeDevice device);
std::string_view wordFor(ModelRetention retention);
std::string_view wordFor(TrainingBackendKind backend);

// A method's name as engine.methods, the index, `everynet jobs` and the admin pages write it.
std::string toString(AnalysisMethod method);
// The method of a name; empty for a name that is no method.
std::optional<AnalysisMethod> parseAnalysisMethod(std::string_view name);

}  // namespace everynet::service
