#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace everynet::storage {

// An instance's export to one destination: 'pending' until sent or given up on ('failed').
enum class ExportState { pending, sent, failed };
const char* toString(ExportState state);
std::optional<ExportState> parseExportState(const std::string& text);

// How failed attempts are spaced: the delay after the n-th failed attempt is
// initial_delay_seconds * 2^(n-1), at most max_delay_seconds; after max_attempts failed attempts
// the export is 'failed' and waits for someone to ask again (everynet export retry).
struct ExportRetryPolicy {
  double initial_delay_seconds = 30;
  double max_delay_seconds = 3600;
  int max_attempts = 12;
};

// Seconds to wait after the given number of failed attempts (at least 1).
double exportRetryDelaySeconds(const ExportRetryPolicy& policy, int failed_attempts);

// A pending export that is due, with what sending it needs from the instance's index entry.
struct DueExport {
  std::int64_t id = 0;
  std::string destination;
  std::string sop_instance_uid;
  std::string sop_class_uid;
  std::string transfer_syntax_uid;  // as stored
  std::string file_path;            // relative to the data directory
  int attempts = 0;                 // failed attempts so far
};

// What a failed attempt left: pending again at next_attempt_at, or failed for good.
struct ExportAttemptOutcome {
  ExportState state = ExportState::pending;
  int attempts = 0;
  double next_attempt_at = 0;  // Unix seconds; meaningful while pending
};

// One row of the export queue, for `everynet export list` and the admin page.
struct ExportRecord {
  std::int64_t id = 0;
  std::optional<std::int64_t> job_ref;
  std::string destination;
  std::string sop_instance_uid;
  ExportState state = ExportState::pending;
  int attempts = 0;
  double next_attempt_at = 0;
  std::optional<std::string> last_error;
  double created_at = 0;
  double updated_at = 0;
};

// Counts of one destination's exports.
struct DestinationBacklog {
  std::string destination;
  int pending = 0;
  int due = 0;  // pending and due at the time asked
  int sent = 0;
  int failed = 0;
  std::optional<double> next_attempt_at;  // earliest among the pending
};

// One destination's exports by state, and its failed attempts ever (kept by triggers).
struct DestinationExportCounts {
  std::string destination;
  std::int64_t pending = 0;
  std::int64_t sent = 0;
  std::int64_t failed = 0;
  std::int64_t failed_attempts = 0;
};

}  // namespace everynet::storage
