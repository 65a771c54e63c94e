#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/series_attributes.h"
#include "storage/timeline_records.h"

namespace everynet::storage {

// Series once they have stopped arriving: their completion, their T1ce decisions, and the
// timeline of each patient that the jobs are chosen from. Thread-safe.
class TimelineStore {
 public:
  explicit TimelineStore(Database& database) : database_(database) {}

  // Series still receiving whose last instance came at or before `cutoff`.
  std::vector<SeriesRef> receivingSeriesQuietSince(double cutoff);
  // Marks the series complete and returns its new version.
  int markSeriesComplete(std::int64_t series_ref);
  SeriesAttributes seriesAttributes(std::int64_t series_ref);
  void recordClassification(std::int64_t series_ref, int series_version, bool is_t1ce,
                            const std::string& reason, double decided_at);

  // A timeline holds the studies of the series' patient whose series are all complete and that
  // have at least one T1ce series.
  PatientTimeline timelineOfSeries(std::int64_t series_ref);
  void recordT1ceChoice(std::int64_t study_ref, std::int64_t series_ref, const std::string& reason);

  // Inside JobQueue::complete's transaction: the series that hold the job's results are complete
  // as the job stores them (they need not wait for the quiet period that received series do) and
  // are no candidates for T1ce.
  static void settleResultSeries(Database::Writer& writer, std::int64_t job_id, double now);

 private:
  Database& database_;
};

}  // namespace everynet::storage
