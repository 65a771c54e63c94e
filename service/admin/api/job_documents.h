#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "storage/job_records.h"

namespace everynet::storage {
class AdminReads;
class JobQueue;
}  // namespace everynet::storage

namespace everynet::service::admin {

// A loss curve longer than this is thinned evenly for the page's chart.
constexpr std::size_t kMaxLossPoints = 1000;
// Heatmap previews offered on a job's page: the middle slice and those around it.
constexpr int kMaxPreviews = 5;
// Log lines of a job shown: the latest.
constexpr int kJobLogLines = 500;

// One entry of GET /api/v1/jobs (service/admin/API.md).
nlohmann::json jobEntry(const storage::JobRecord& job);
// GET /api/v1/jobs/{id}; empty for an unknown job.
std::optional<nlohmann::json> jobDetailDocument(storage::JobQueue& jobs, storage::AdminReads& reads,
                                                std::int64_t job_id);

// Positions (0-based) of at most `max_points` of `count` points, evenly spread, first and last
// included; all of them when there are no more than max_points.
std::vector<std::size_t> evenlySpreadPositions(std::size_t count, std::size_t max_points);
// Slice positions (0-based) of the previews of `heatmaps` heatmaps: the middle one and those
// around it, at most kMaxPreviews, in slice order.
std::vector<int> previewSlices(int heatmaps);

}  // namespace everynet::service::admin
