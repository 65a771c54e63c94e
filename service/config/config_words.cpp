#include "service/config/config_words.h"

namespace everynet::service {
namespace {

template <typename Enum, std::size_t N>
std::string_view wordIn(const std::array<ConfigWord<Enum>, N>& words, Enum value) {
  for (const auto& word : words) {
    if (word.value == value) return word.text;
  }
  return "?";  // unreachable while every enumerator has its word
}

}  // namespace

std::string_view wordFor(BaselinePolicy policy) {
  return wordIn(kBaselinePolicyWords, policy);
}

std::string_view wordFor(ComputeDevice device) {
  return wordIn(kComputeDeviceWords, device);
}

std::string_view wordFor(ModelRetention retention) {
  return wordIn(kModelRetentionWords, retention);
}

std::string_view wordFor(TrainingBackendKind backend) {
  return wordIn(kTrainingBackendWords, backend);
}

std::string toString(AnalysisMethod method) {
  return std::string(wordIn(kAnalysisMethodWords, method));
}

std::optional<AnalysisMethod> parseAnalysisMethod(std::string_view name) {
  return valueOfWord(kAnalysisMethodWords, name);
}

}  // namespace everynet::service
