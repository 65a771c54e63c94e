// `everynet export list|retry`: the export queue in the data directory's index, while the service
// runs or not. A retry is a short write transaction beside the service's (the index is in WAL
// mode); the service's senders look for due exports every few seconds and pick it up.
#include <ctime>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>

#include "service/cli/commands.h"
#include "service/export/destination_sender.h"
#include "service/json_output.h"
#include "service/records_json.h"
#include "service/unix_time.h"
#include "storage/stores.h"

namespace everynet::service {
namespace {

// Text output lists at most this many troubled exports; JSON lists them all.
constexpr int kTextListLimit = 50;

// Null, having said why, when the data directory has no index.
std::unique_ptr<storage::Stores> openIndex(const std::filesystem::path& data_dir,
                                           storage::Database::Access access) {
  const auto file = data_dir / "index.sqlite";
  if (!std::filesystem::exists(file)) {
    std::cerr << "everynet: no index at " << file.string()
              << " (has the service run with this data directory?)\n";
    return nullptr;
  }
  return std::make_unique<storage::Stores>(file, access);
}

nlohmann::json toJson(const storage::DestinationBacklog& b) {
  return {{"destination", b.destination},
          {"pending", b.pending},
          {"due", b.due},
          {"sent", b.sent},
          {"failed", b.failed},
          {"next_attempt_at", orNull(b.next_attempt_at)}};
}

// The next attempt only of a pending export: a sent or failed one has none.
nlohmann::json toJson(const storage::ExportRecord& e) {
  nlohmann::json j = exportJson(e);
  j["job"] = orNull(e.job_ref);
  j["next_attempt_at"] = e.state == storage::ExportState::pending
                             ? nlohmann::json(e.next_attempt_at)
                             : nlohmann::json();
  return j;
}

void printText(const std::vector<storage::DestinationBacklog>& backlog,
               const std::vector<storage::ExportRecord>& troubled) {
  if (backlog.empty()) std::cout << "No exports queued.\n";
  for (const auto& b : backlog) {
    std::cout << "Destination " << b.destination << ": " << b.pending << " pending (" << b.due
              << " due), " << b.sent << " sent, " << b.failed << " failed";
    if (b.next_attempt_at && b.due == 0) {
      std::cout << "; next attempt " << localTimeText(*b.next_attempt_at);
    }
    std::cout << "\n";
  }
  if (troubled.empty()) return;
  std::cout << "\nFailed, or retrying after failed attempts:\n";
  for (std::size_t i = 0; i < troubled.size() && i < kTextListLimit; ++i) {
    const auto& e = troubled[i];
    std::cout << "  " << e.destination << "  " << storage::toString(e.state) << "  "
              << (e.job_ref ? "job " + std::to_string(*e.job_ref) : std::string("no job")) << "  "
              << e.attempts << " attempt(s)  " << e.sop_instance_uid << "\n"
              << "      " << e.last_error.value_or("") << "\n";
  }
  if (troubled.size() > kTextListLimit) {
    std::cout << "  ... and " << troubled.size() - kTextListLimit << " more (--json lists all)\n";
  }
}

}  // namespace

int exportListCommand(const std::filesystem::path& data_dir, bool json) {
  auto index = openIndex(data_dir, storage::Database::Access::read_only);
  if (!index) return 1;
  const auto backlog = index->exports.backlog(unixNow());
  const auto troubled =
      index->exports.troubled(json ? std::numeric_limits<int>::max() : kTextListLimit + 1);
  if (json) {
    nlohmann::json out = {{"destinations", nlohmann::json::array()},
                          {"troubled", nlohmann::json::array()}};
    for (const auto& b : backlog) out["destinations"].push_back(toJson(b));
    for (const auto& e : troubled) out["troubled"].push_back(toJson(e));
    std::cout << jsonText(out, 2) << "\n";
  } else {
    printText(backlog, troubled);
  }
  return 0;
}

int exportRetryCommand(const std::filesystem::path& data_dir, std::optional<std::int64_t> job_id) {
  auto index = openIndex(data_dir, storage::Database::Access::read_write);
  if (!index) return 1;
  const std::string pickup = "; a running service sends them within " +
                             std::to_string(DestinationSender::kPollInterval.count()) +
                             " s, else once it starts\n";
  if (job_id) {
    if (!index->jobs.job(*job_id)) {
      std::cerr << "everynet: there is no job " << *job_id << "\n";
      return 1;
    }
    const int queued = index->exports.retryOfJob(*job_id, unixNow());
    if (queued == 0) {
      std::cerr << "everynet: job " << *job_id << " has no exports (has it succeeded?)\n";
      return 1;
    }
    std::cout << "job " << *job_id << ": " << queued << " export(s) queued again" << pickup;
    return 0;
  }
  const int queued = index->exports.retryFailed(unixNow());
  if (queued == 0) {
    std::cout << "no failed exports\n";
  } else {
    std::cout << queued << " failed export(s) queued again" << pickup;
  }
  return 0;
}

}  // namespace everynet::service
