#pragma once

// Inside storage only: the jobs table's rows as JobRecords, for the JobQueue's two files.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/job_records.h"

namespace everynet::storage::job_rows {

// The SELECT that readJob reads, with the patient's and the series' keys; no WHERE or ORDER BY.
extern const char* const kSelect;
JobRecord readJob(const Statement& row);

// The job, in the transaction of `session` (a Database::Reader or Writer).
template <typename Session>
std::optional<JobRecord> find(Session& session, std::int64_t job_id) {
  auto query = session.prepare(std::string(kSelect) + " WHERE j.id = ?");
  query.bind(1, job_id);
  if (!query.step()) return std::nullopt;
  return readJob(query);
}

}  // namespace everynet::storage::job_rows
