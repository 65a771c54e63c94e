#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/ingest_records.h"

namespace everynet::storage {

// What the DICOM node receives, as the index records it: instances with their patients, studies
// and series, the instances refused as conflicts, the association audit log, and the directories
// where an instance file may still lack its entry after a power failure.
// Thread-safe; one per Database (it keeps the leases of the recent directories).
class IngestStore {
 public:
  // Keeps a directory listed as recent (see leaseInstanceDirectory) while it lives.
  class DirectoryLease {
   public:
    DirectoryLease(DirectoryLease&& other) noexcept;
    DirectoryLease(const DirectoryLease&) = delete;
    DirectoryLease& operator=(const DirectoryLease&) = delete;
    DirectoryLease& operator=(DirectoryLease&&) = delete;
    ~DirectoryLease();

   private:
    friend class IngestStore;
    DirectoryLease(IngestStore& store, std::string directory);
    IngestStore* store_;
    std::string directory_;
  };

  explicit IngestStore(Database& database);
  IngestStore(const IngestStore&) = delete;
  IngestStore& operator=(const IngestStore&) = delete;

  // Instances.
  std::optional<std::string> instanceFilePath(const std::string& sop_instance_uid);
  // Adds the instance (its file is already durable), creating or updating its patient, study and
  // series; a series that was complete is re-opened. Throws DatabaseError if the SOP Instance UID
  // is already indexed. The commit does not wait for the disk (a power failure can lose it), so
  // the instance's file must have been written under a lease on its directory.
  IndexedInstance addInstance(const IncomingInstance& instance);
  // The same inside the caller's transaction (JobQueue::complete indexes a job's results so),
  // whose commit decides when it is durable.
  static IndexedInstance addInstance(Database::Writer& writer, const IncomingInstance& instance);
  void addInstanceConflict(const std::string& sop_instance_uid, const std::string& file_path,
                           double received_at, std::optional<std::int64_t> association_ref);
  std::int64_t instanceCount();
  std::int64_t instanceConflictCount();

  // Recent directories. leaseInstanceDirectory lists `directory` (relative to the data directory)
  // durably as recent before returning, unless it is listed already. A listed directory is where
  // an instance file may lack its index entry after a power failure; it stays listed while a lease
  // on it lives and until syncRecentInstances() has made the commits of its instances durable.
  [[nodiscard]] DirectoryLease leaseInstanceDirectory(const std::string& directory);
  // Unlists the recent directories that no lease holds, in a commit that makes every earlier
  // commit durable, their instances' with them. A service calls it only after indexing the files
  // in recentInstanceDirectories() that lack an entry.
  void syncRecentInstances();
  // The directories listed as recent, including those a process that died left listed.
  std::vector<std::string> recentInstanceDirectories();

  // Associations (audit log).
  std::int64_t recordAssociationStart(const AssociationRecord& association);
  void recordAssociationEnd(std::int64_t id, const std::string& outcome, double ended_at);
  void recordRefusedAssociation(const AssociationRecord& association);
  // Associations still 'open' from a process that died: closed with outcome "interrupted".
  int closeInterruptedAssociations(double now);

 private:
  void releaseLease(const std::string& directory);

  Database& database_;
  // Guards recent_directories_; taken before the database's mutex, never while holding it.
  std::mutex leases_mutex_;
  // The directories listed as recent, with the number of leases that hold each.
  std::map<std::string, int> recent_directories_;
};

}  // namespace everynet::storage
