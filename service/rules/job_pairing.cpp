#include "service/rules/job_pairing.h"

#include <algorithm>
#include <chrono>

namespace everynet::service {
namespace {

std::string describe(BaselinePolicy policy, const Timepoint& baseline) {
  switch (policy) {
    case BaselinePolicy::previous:
      return "baseline is the previous timepoint (" + baseline.study_date + ")";
    case BaselinePolicy::first:
      return "baseline is the first timepoint (" + baseline.study_date + ")";
    case BaselinePolicy::nadir:
      return baseline.enhancing_volume_ml
                 ? "baseline is the nadir (" + baseline.study_date + ", " +
                       std::to_string(*baseline.enhancing_volume_ml) + " mL)"
                 : "baseline is the first timepoint (" + baseline.study_date +
                       "): no tumour volume known yet for the nadir";
  }
  return {};
}

// Earlier timepoints sorted by date, oldest first; never empty when called.
const Timepoint& pickBaseline(const std::vector<const Timepoint*>& earlier, BaselinePolicy policy) {
  switch (policy) {
    case BaselinePolicy::previous:
      return *earlier.back();
    case BaselinePolicy::first:
      return *earlier.front();
    case BaselinePolicy::nadir: {
      const Timepoint* nadir = nullptr;
      for (const auto* t : earlier) {
        if (t->enhancing_volume_ml &&
            (!nadir || *t->enhancing_volume_ml < *nadir->enhancing_volume_ml)) {
          nadir = t;
        }
      }
      return nadir ? *nadir : *earlier.front();
    }
  }
  return *earlier.back();
}

}  // namespace

bool isValidStudyDate(std::string_view date) {
  if (date.size() != 8 || date.find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  const auto number = [&](std::size_t at, std::size_t length) {
    return std::stoi(std::string(date.substr(at, length)));
  };
  const std::chrono::year_month_day day{std::chrono::year(number(0, 4)),
                                        std::chrono::month(static_cast<unsigned>(number(4, 2))),
                                        std::chrono::day(static_cast<unsigned>(number(6, 2)))};
  return day.ok();
}

std::vector<JobPair> jobPairsForTimeline(std::span<const Timepoint> timepoints,
                                         BaselinePolicy policy,
                                         const std::set<std::string>& followups_with_job) {
  std::vector<const Timepoint*> dated;
  for (const auto& t : timepoints) {
    if (isValidStudyDate(t.study_date)) dated.push_back(&t);
  }
  std::stable_sort(dated.begin(), dated.end(), [](const Timepoint* a, const Timepoint* b) {
    return a->study_date < b->study_date;
  });
  std::vector<JobPair> pairs;
  for (std::size_t i = 0; i < dated.size(); ++i) {
    const Timepoint& followup = *dated[i];
    if (followups_with_job.contains(followup.t1ce_series_uid)) continue;
    std::vector<const Timepoint*> earlier;
    for (std::size_t j = 0; j < i; ++j) {
      if (dated[j]->study_date < followup.study_date) earlier.push_back(dated[j]);
    }
    if (earlier.empty()) continue;
    const Timepoint& baseline = pickBaseline(earlier, policy);
    pairs.push_back({baseline.t1ce_series_uid, followup.t1ce_series_uid,
                     "follow-up " + followup.study_date + "; " + describe(policy, baseline)});
  }
  return pairs;
}

}  // namespace everynet::service
