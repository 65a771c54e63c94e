#pragma once

#include "service/config/config.h"
#include "service/rules/t1ce_classifier.h"

namespace everynet::service {

// The built-in classifier rules with the pattern lists the configuration replaces.
ClassifierRules classifierRulesFrom(const Config::Classifier& config);

}  // namespace everynet::service
