#include "service/series/series_completion.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <utility>

#include "service/config/config_words.h"
#include "service/ingest/open_associations.h"
#include "service/rules/t1ce_series_choice.h"
#include "storage/job_queue.h"
#include "storage/timeline_store.h"

namespace everynet::service {

SeriesCompletion::SeriesCompletion(storage::TimelineStore& timelines, storage::JobQueue& jobs,
                                   const OpenAssociations& open_associations,
                                   const T1ceClassifier& classifier, BaselinePolicy policy,
                                   int quiet_seconds, std::vector<AnalysisMethod> methods)
    : timelines_(timelines),
      jobs_(jobs),
      open_associations_(open_associations),
      classifier_(classifier),
      policy_(policy),
      quiet_seconds_(quiet_seconds),
      methods_(std::move(methods)) {
  std::stable_partition(methods_.begin(), methods_.end(), [](AnalysisMethod method) {
    return method == AnalysisMethod::registration_subtraction;
  });
}

int SeriesCompletion::completeDueSeries(double now) {
  std::vector<std::int64_t> completed;
  for (const auto& series : timelines_.receivingSeriesQuietSince(now - quiet_seconds_)) {
    if (open_associations_.isOpen(series.id)) continue;
    const int version = timelines_.markSeriesComplete(series.id);
    const auto decision = classifier_.classify(timelines_.seriesAttributes(series.id));
    timelines_.recordClassification(series.id, version, decision.is_t1ce, decision.reason, now);
    spdlog::info("series {} complete (version {}): {} - {}", series.series_instance_uid, version,
                 decision.is_t1ce ? "T1ce" : "not T1ce", decision.reason);
    completed.push_back(series.id);
  }
  // Timelines are looked at once all due series are decided, so that the T1ce series of a study
  // is chosen among all of them, not taken from whichever completed first.
  std::set<std::int64_t> patients_done;
  for (const auto series_ref : completed) {
    const auto timeline = timelines_.timelineOfSeries(series_ref);
    if (patients_done.insert(timeline.patient_ref).second) queueJobsFor(timeline, now);
  }
  return static_cast<int>(completed.size());
}

void SeriesCompletion::queueJobsFor(const storage::PatientTimeline& timeline, double now) {
  if (timeline.identity_conflict) {
    spdlog::warn("patient #{} is not analysed: {}", timeline.patient_ref,
                 *timeline.identity_conflict);
    return;
  }
  std::vector<Timepoint> timepoints;
  for (const auto& recorded : timeline.timepoints) {
    std::vector<T1ceCandidate> candidates;
    for (const auto& series : recorded.t1ce_series) {
      candidates.push_back({series.series_instance_uid, series.attributes});
    }
    const auto choice = chooseT1ceSeries(candidates);
    timelines_.recordT1ceChoice(recorded.study_ref, recorded.t1ce_series[choice.index].series_ref,
                                choice.reason);
    timepoints.push_back({recorded.study_instance_uid, recorded.study_date,
                          candidates[choice.index].series_instance_uid,
                          recorded.enhancing_volume_ml});
  }
  const std::set<std::string> followups_with_job(timeline.followups_with_job.begin(),
                                                 timeline.followups_with_job.end());
  for (const auto& pair : jobPairsForTimeline(timepoints, policy_, followups_with_job)) {
    for (const auto method : methods_) {
      const std::string method_name = toString(method);
      if (jobs_.enqueue(timeline.patient_ref, pair.baseline_series_uid, pair.followup_series_uid,
                        method_name, pair.reason, now)) {
        spdlog::info("{} job queued for patient #{}: baseline series {}, follow-up series {} ({})",
                     method_name, timeline.patient_ref, pair.baseline_series_uid,
                     pair.followup_series_uid, pair.reason);
      }
    }
  }
}

}  // namespace everynet::service
