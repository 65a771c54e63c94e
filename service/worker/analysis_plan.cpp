#include "service/worker/analysis_plan.h"

#include <algorithm>
#include <stdexcept>

namespace everynet::service {

bool AnalysisPlan::runs(AnalysisMethod method) const {
  return std::find(methods.begin(), methods.end(), method) != methods.end();
}

AnalysisPlan planAnalyses(const Config::Engine& engine) {
  AnalysisPlan plan;
  plan.trainer = engine.trainer.empty() ? defaultTrainerPath() : engine.trainer;
  if (engine.methods) {
    plan.methods = *engine.methods;
    std::stable_partition(plan.methods.begin(), plan.methods.end(), [](AnalysisMethod m) {
      return m == AnalysisMethod::registration_subtraction;
    });
    if (plan.runs(AnalysisMethod::personal_wgan)) {
      try {
        plan.trainer_description = describeTrainer(plan.trainer);
      } catch (const std::exception& error) {
        throw std::runtime_error(std::string("personal-wgan is listed, but ") + error.what());
      }
    }
    return plan;
  }
  plan.methods = {AnalysisMethod::registration_subtraction};
  if (engine.device == ComputeDevice::cpu) {
    plan.personal_wgan_left_out = "engine.device = \"cpu\"";
    return plan;
  }
  try {
    auto description = describeTrainer(plan.trainer);
    if (description.cuda_devices == 0) {
      plan.personal_wgan_left_out = "the trainer " + plan.trainer.string() + " sees no GPU";
      return plan;
    }
    plan.trainer_description = std::move(description);
    plan.methods.push_back(AnalysisMethod::personal_wgan);
  } catch (const std::exception& error) {
    plan.personal_wgan_left_out = error.what();
  }
  return plan;
}

}  // namespace everynet::service
