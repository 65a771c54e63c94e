#include "service/worker/analysis_plan.h"

#include <algorithm>
#include <stdexcept>

namespace everynet::service {
namespace {

// Its answer comes first.
std::vector<AnalysisMethod> classicalFirst(std::vector<AnalysisMethod> methods) {
  std::stable_partition(methods.begin(), methods.end(), [](AnalysisMethod m) {
    return m == AnalysisMethod::registration_subtraction;
  });
  return methods;
}

}  // namespace

bool AnalysisPlan::runs(AnalysisMethod method) const {
  return std::find(methods.begin(), methods.end(), method) != methods.end();
}

AnalysisPlan planAnalyses(const Config::Engine& engine) {
  AnalysisPlan plan;
  plan.trainer = engine.trainer.empty() ? defaultTrainerPath() : engine.trainer;
  if (engine.backend == TrainingBackendKind::slurm) {
    // The trainer is on the cluster's nodes, which have the GPUs; it is checked at the first
    // submission, by the job itself.
    plan.methods = classicalFirst(engine.methods.value_or(
        std::vector{AnalysisMethod::registration_subtraction, AnalysisMethod::personal_wgan}));
    return plan;
  }
  if (engine.methods) {
    plan.methods = classicalFirst(*engine.methods);
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
