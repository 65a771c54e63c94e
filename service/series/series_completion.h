#pragma once

#include <cstdint>

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
// pairs the baseline policy asks for are queued.
// Not thread-safe: one caller (the service's completion loop) at a time.
class SeriesCompletion {
 public:
  SeriesCompletion(storage::TimelineStore& timelines, storage::JobQueue& jobs,
                   const OpenAssociations& open_associations, const T1ceClassifier& classifier,
                   BaselinePolicy policy, int quiet_seconds)
      : timelines_(timelines),
        jobs_(jobs),
        open_associations_(open_associations),
        classifier_(classifier),
        policy_(policy),
        quiet_seconds_(quiet_seconds) {}

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
};

}  // namespace everynet::service
