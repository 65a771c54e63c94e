#pragma once

#include <filesystem>
#include <memory>

#include "storage/admin_reads.h"
#include "storage/database.h"
#include "storage/export_queue.h"
#include "storage/ingest_store.h"
#include "storage/job_queue.h"
#include "storage/query_retrieve_store.h"
#include "storage/timeline_store.h"

namespace everynet::storage {

// The index as a process opens it: the database and one of each store over it. Whoever wires the
// service together (or a command, or a test) holds one and hands each part the store it uses,
// never the whole. Not movable: the stores refer to the database.
struct Stores {
  // Opens the database at `file` (see Database::open).
  Stores(const std::filesystem::path& file, Database::Access access);

  std::unique_ptr<Database> database;
  IngestStore ingest;
  TimelineStore timelines;
  JobQueue jobs;
  ExportQueue exports;
  QueryRetrieveStore queries;
  AdminReads reads;
};

}  // namespace everynet::storage
