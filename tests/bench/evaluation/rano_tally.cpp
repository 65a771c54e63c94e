#include "tests/bench/evaluation/rano_tally.h"

#include <algorithm>

namespace everynet::bench {
namespace {

std::string normalised(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

}  // namespace

RanoOutcome ranoOutcome(const std::string& true_class, const std::string& found_class) {
  const std::string found = normalised(found_class);
  if (found == "not assessable") return RanoOutcome::withheld;
  return found == normalised(true_class) ? RanoOutcome::correct : RanoOutcome::wrong;
}

bool falseProgression(const std::string& true_class, const std::string& found_class) {
  return normalised(true_class) == "stable disease" && normalised(found_class) == "progression";
}

void RanoTally::add(const std::string& true_class, const std::string& found_class,
                    bool no_change_pair) {
  switch (ranoOutcome(true_class, found_class)) {
    case RanoOutcome::correct:
      ++correct;
      break;
    case RanoOutcome::wrong:
      ++wrong;
      break;
    case RanoOutcome::withheld:
      ++withheld;
      break;
  }
  if (falseProgression(true_class, found_class)) {
    ++false_progressions;
    false_progressions_no_change += no_change_pair;
  }
}

std::optional<double> RanoTally::accuracy() const {
  if (assessed() == 0) return std::nullopt;
  return static_cast<double>(correct) / static_cast<double>(assessed());
}

std::optional<double> RanoTally::correctOrWithheld() const {
  if (cases() == 0) return std::nullopt;
  return static_cast<double>(correct + withheld) / static_cast<double>(cases());
}

}  // namespace everynet::bench
