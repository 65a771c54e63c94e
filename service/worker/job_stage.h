#pragma once

#include <string_view>

namespace everynet::service {

// What a running job is doing, in the order it does it.
enum class JobStage {
  starting,
  reading_baseline,
  reading_followup,
  preprocessing,
  training,
  reading_out,
  registering,
  writing_results,
  storing_results,
};

// The stage as the job's record, its log and its failure reason say it.
constexpr std::string_view describe(JobStage stage) {
  switch (stage) {
    case JobStage::starting:
      return "starting";
    case JobStage::reading_baseline:
      return "reading the baseline series";
    case JobStage::reading_followup:
      return "reading the follow-up series";
    case JobStage::preprocessing:
      return "preprocessing";
    case JobStage::training:
      return "training";
    case JobStage::reading_out:
      return "reading out the change map";
    case JobStage::registering:
      return "registering and subtracting";
    case JobStage::writing_results:
      return "writing results";
    case JobStage::storing_results:
      return "storing results";
  }
  return "?";
}

}  // namespace everynet::service
