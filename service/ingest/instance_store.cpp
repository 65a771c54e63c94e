#include "service/ingest/instance_store.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <functional>
#include <system_error>

#include "dicom/instance_file.h"
#include "service/ingest/incoming_instance.h"
#include "service/unix_time.h"
#include "storage/file_store.h"
#include "storage/ingest_store.h"

namespace everynet::service {
namespace {

// A re-sent instance is the one stored when the bytes are the same, or when they encode the same
// dataset: files keep the dataset as it arrived, and senders differ in how they encode lengths.
bool holdSameInstance(const storage::FileStore& files, const std::string& stored,
                      std::string_view file_bytes) {
  if (files.hasSameContent(stored, file_bytes)) return true;
  try {
    return dicom::holdSameDataset(files.read(stored), file_bytes);
  } catch (const std::runtime_error&) {
    return false;  // a stored file that cannot be read is no match: the new one is kept aside
  }
}

// How often the index is synced, in seconds. A sync costs one disk flush; until it, the
// directories written into stay listed, to be read at start after a power failure.
constexpr double kIndexSyncInterval = 5.0;

}  // namespace

InstanceStore::InstanceStore(storage::FileStore& files, storage::IngestStore& index)
    : files_(files), index_(index) {
  indexFilesWithoutEntry();
  index_.syncRecentInstances();
}

InstanceStore::~InstanceStore() {
  try {
    index_.syncRecentInstances();
  } catch (const std::exception& error) {
    spdlog::error("cannot sync the index at stop: {}", error.what());
  }
}

void InstanceStore::indexFilesWithoutEntry() {
  int indexed = 0;
  for (const auto& directory : index_.recentInstanceDirectories()) {
    for (const auto& file : files_.filesIn(directory)) {
      if (file.extension() != ".dcm" || index_.instanceFilePath(file.stem().string())) continue;
      const std::string bytes = files_.read(file);
      std::optional<dicom::InstanceHeader> header;
      try {
        header = dicom::readInstanceFileHeader(bytes);
      } catch (const std::runtime_error& error) {
        // An acknowledged file is complete; one that cannot be read is left for a person to see.
        spdlog::error("{} has no index entry and cannot be indexed: {}", file.string(),
                      error.what());
        continue;
      }
      if (storage::FileStore::instancePath(header->study_instance_uid, header->series_instance_uid,
                                           header->sop_instance_uid) != file) {
        spdlog::error("{} is not where its UIDs place an instance; left unindexed", file.string());
        continue;
      }
      index_.addInstance(
          incomingInstance(*header, file, static_cast<std::int64_t>(bytes.size()), unixNow()));
      ++indexed;
    }
  }
  if (indexed > 0) {
    spdlog::warn("indexed {} stored instance(s) whose index entries a crash had lost", indexed);
  }
}

std::mutex& InstanceStore::lockFor(std::string_view sop_instance_uid) {
  return uid_locks_[std::hash<std::string_view>{}(sop_instance_uid) % uid_locks_.size()];
}

StoreResult InstanceStore::store(const dicom::InstanceHeader& header, std::string_view file_bytes,
                                 std::optional<std::int64_t> association_ref, double now) {
  std::lock_guard lock(lockFor(header.sop_instance_uid));
  if (const auto existing = index_.instanceFilePath(header.sop_instance_uid)) {
    if (holdSameInstance(files_, *existing, file_bytes)) return {StoreOutcome::duplicate};
    const auto aside = files_.conflictPath(header.sop_instance_uid);
    files_.writeDurably(aside, file_bytes);
    try {
      index_.addInstanceConflict(header.sop_instance_uid, aside.string(), now, association_ref);
    } catch (const std::exception&) {
      // No file without its row: the sender is told it was not stored, and may send it again.
      std::error_code ignored;
      std::filesystem::remove(files_.root() / aside, ignored);
      throw;
    }
    spdlog::warn("instance {} arrived again with different content; kept aside as {}",
                 header.sop_instance_uid, aside.string());
    return {StoreOutcome::kept_aside};
  }
  const auto path = storage::FileStore::instancePath(
      header.study_instance_uid, header.series_instance_uid, header.sop_instance_uid);
  storage::IndexedInstance indexed;
  {
    const auto lease = index_.leaseInstanceDirectory(path.parent_path().string());
    files_.writeDurably(path, file_bytes);
    auto incoming =
        incomingInstance(header, path, static_cast<std::int64_t>(file_bytes.size()), now);
    incoming.association_ref = association_ref;
    try {
      indexed = index_.addInstance(incoming);
    } catch (const std::exception&) {
      // The sender is told the instance was not stored (on a full index, to retry later); left
      // here, the file would be indexed at the next start as if a crash had lost its entry.
      std::error_code ignored;
      std::filesystem::remove(files_.root() / path, ignored);
      throw;
    }
  }
  if (indexed.new_identity_conflict) {
    // Names and IDs stay out of the log; the series UID lets an administrator find the patient.
    spdlog::warn("patient of series {} will not be analysed: {}", header.series_instance_uid,
                 *indexed.new_identity_conflict);
  }
  syncIndexWhenDue(now);
  return {StoreOutcome::stored, indexed.series_ref};
}

void InstanceStore::syncIndexWhenDue(double now) {
  // One association syncs; the others do not wait for it.
  std::unique_lock lock(sync_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || now - last_sync_ < kIndexSyncInterval) return;
  last_sync_ = now;
  try {
    index_.syncRecentInstances();
  } catch (const std::exception& error) {
    // The instance is safe either way: its directory stays listed until a sync succeeds.
    spdlog::error("cannot sync the index: {}", error.what());
  }
}

}  // namespace everynet::service
