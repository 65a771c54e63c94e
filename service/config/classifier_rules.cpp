#include "service/config/classifier_rules.h"

namespace everynet::service {

ClassifierRules classifierRulesFrom(const Config::Classifier& config) {
  ClassifierRules rules = ClassifierRules::defaults();
  if (!config.contrast_patterns.empty()) rules.contrast_patterns = config.contrast_patterns;
  if (!config.exclude_patterns.empty()) rules.exclude_patterns = config.exclude_patterns;
  if (!config.t1_patterns.empty()) rules.t1_patterns = config.t1_patterns;
  return rules;
}

}  // namespace everynet::service
