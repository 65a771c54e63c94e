#pragma once

#include <cstdint>
#include <vector>

#include "service/config/config.h"
#include "service/rules/job_pairing.h"
#include "service/rules/t1ce_classifier.h"

namespace everynet::storage {
class JobQueue;
struct PatientTimeline;
class TimelineStore;
}  // namespace everynet::storage

namespace everynet::service {

class OpenAssociations;

// Turns quiet series into decisions: a series with no new instance for the quiet period, whose
// associations were all released, is complete and classified. Then its patient's timeline is
// looked at (studies whose series are all complete, each with its chosen T1ce series) and the job
// pairs the baseline policy asks for are queued, one job per analysis method.
// Not thread-safe: one caller (the service's completion loop) at a time.
class SeriesCompletion {
 public:
  // `methods`: the analyses each pair gets, as resolved at start (engine.methods); the classical
  // method's job is queued first, so that its results come first.
  SeriesCompletion(storage::TimelineStore& timelines, storage::JobQueue& jobs,
                   const OpenAssociations& open_associations, const T1ceClassifier& classifier,
                   BaselinePolicy policy, int quiet_seconds, std::vector<AnalysisMethod> methods);

  // Completes what is due at `now` (Unix seconds); returns how many series completed.
  int completeDueSeries(double now);

 private:
  void queueJobsFor(const storage::PatientTimeline& timeline, double now);

  storage::TimelineStore& timelines_;
  storage::JobQueue& jobs_;
  const OpenAssociations& open_associations_;
  const T1ceClassifier& classifier_;
  BaselinePolicy policy_;
  int quiet_seconds_;
  std::vector<AnalysisMethod> methods_;
};

}  // namespace everynet::service
