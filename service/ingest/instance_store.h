#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>

#include "dicom/dimse_status.h"
#include "dicom/instance_header.h"

namespace everynet::storage {
class FileStore;
class IngestStore;
}  // namespace everynet::storage

namespace everynet::service {

// What happened to one received instance.
enum class StoreOutcome { stored, duplicate, kept_aside };

struct StoreResult {
  StoreOutcome outcome;
  std::int64_t series_ref = 0;  // set when stored
};

// Stores received instances: file first (durable), then the index; only then may the C-STORE
// be acknowledged. A re-sent identical instance is a no-op; different content under a known
// SOP Instance UID is kept aside in conflicts/ and never indexed. Thread-safe.
//
// The index commit of a stored instance does not wait for the disk; its directory is listed in the
// index as recent before the file is written (storage::IngestStore::leaseInstanceDirectory), and
// the index is synced every few seconds. So after a power failure, files without an index entry can
// only be in the recent directories, and constructing an InstanceStore indexes them.
class InstanceStore {
 public:
  // Indexes the instance files that a crash left without an index entry, reading the index's
  // recent directories only. Throws std::system_error or storage::DatabaseError.
  InstanceStore(storage::FileStore& files, storage::IngestStore& index);
  // Syncs the index, so that a clean stop leaves no recent directory to read at the next start.
  ~InstanceStore();
  InstanceStore(const InstanceStore&) = delete;
  InstanceStore& operator=(const InstanceStore&) = delete;

  // Throws std::system_error (file system) or storage::DatabaseError. `now` in Unix seconds.
  StoreResult store(const dicom::InstanceHeader& header, std::string_view file_bytes,
                    std::optional<std::int64_t> association_ref, double now);

 private:
  void indexFilesWithoutEntry();
  // Instances with the same SOP Instance UID are stored one at a time; others in parallel.
  std::mutex& lockFor(std::string_view sop_instance_uid);
  void syncIndexWhenDue(double now);

  storage::FileStore& files_;
  storage::IngestStore& index_;
  std::array<std::mutex, 64> uid_locks_;
  std::mutex sync_mutex_;
  double last_sync_ = 0;  // Unix seconds; under sync_mutex_
};

}  // namespace everynet::service
