#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace everynet::service {

// Which earlier timepoint a follow-up is compared with (series.baseline; its words are in
// service/config/config_words.h).
enum class BaselinePolicy {
  previous,  // the latest earlier study date
  first,     // the earliest study date
  nadir,     // the earlier timepoint with the smallest known tumour volume; else the first
};

struct Timepoint {
  std::string study_instance_uid;
  std::string study_date;                     // DICOM DA "YYYYMMDD"
  std::string t1ce_series_uid;                // the chosen, complete T1ce series of that study
  std::optional<double> enhancing_volume_ml;  // from an earlier job (nadir policy)
};

struct JobPair {
  std::string baseline_series_uid;
  std::string followup_series_uid;
  std::string reason;
};

// The pairs to queue: for every timepoint with an earlier-dated one, one pair with the baseline
// the policy picks. A timepoint without a valid date is never paired; timepoints of the same date
// are not later than each other; a follow-up already in `followups_with_job` gets no new pair
// (re-sent studies, restarts and late arrivals never add a second job for a follow-up).
std::vector<JobPair> jobPairsForTimeline(std::span<const Timepoint> timepoints,
                                         BaselinePolicy policy,
                                         const std::set<std::string>& followups_with_job);

// A DICOM DA value that is a plausible calendar date (YYYYMMDD).
bool isValidStudyDate(std::string_view date);

}  // namespace everynet::service
