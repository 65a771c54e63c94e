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
class Index;
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
class InstanceStore {
 public:
  InstanceStore(storage::FileStore& files, storage::Index& index) : files_(files), index_(index) {}

  // Throws std::system_error (file system) or storage::DatabaseError.
  StoreResult store(const dicom::InstanceHeader& header, std::string_view file_bytes,
                    std::optional<std::int64_t> association_ref, double now);

 private:
  // Instances with the same SOP Instance UID are stored one at a time; others in parallel.
  std::mutex& lockFor(std::string_view sop_instance_uid);

  storage::FileStore& files_;
  storage::Index& index_;
  std::array<std::mutex, 64> uid_locks_;
};

}  // namespace everynet::service
