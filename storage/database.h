#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "storage/sqlite_connection.h"

namespace everynet::storage {

// The SQLite index of everything received and everything to do, as one connection behind one
// mutex. Stores (IngestStore, TimelineStore, JobQueue, ExportQueue, QueryRetrieveStore,
// AdminReads) reach it through a Reader or a Writer only: each of their methods is one transaction
// that holds the mutex from start to end, so that every method is thread-safe and sees or leaves
// the index whole. Every store writes its own tables only, except JobQueue::complete: a job's
// completion also indexes its results, queues their export and settles their series, in the same
// commit (see there), through the static functions that take a Writer.
//
// A write is durable when its commit returns (synchronous=FULL), unless it asked for an unsynced
// commit (IngestStore::addInstance, see IngestStore::leaseInstanceDirectory).
class Database {
 public:
  enum class Access { read_write, read_only };
  // Whether a commit waits for the disk. unsynced: a power failure can lose it, a process crash
  // cannot (synchronous=NORMAL in WAL mode).
  enum class Commit { durable, unsynced };

  // A read transaction: one snapshot of the index while it lives, under the mutex.
  class Reader {
   public:
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    ~Reader();
    // A statement of this transaction; it must not outlive the Reader.
    Statement prepare(std::string_view sql) { return Statement(*database_.connection_, sql); }

   private:
    friend class Database;
    explicit Reader(Database& database);
    Database& database_;
    std::unique_lock<std::mutex> lock_;
  };

  // A write transaction (BEGIN IMMEDIATE) under the mutex; rolled back unless committed.
  class Writer {
   public:
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    ~Writer();
    // A statement of this transaction; it must not outlive the Writer.
    Statement prepare(std::string_view sql) { return Statement(*database_.connection_, sql); }
    std::int64_t lastInsertRowId() const { return database_.connection_->lastInsertRowId(); }
    // Rows changed by the last statement.
    int changes() const { return database_.connection_->changes(); }
    void commit();

   private:
    friend class Database;
    Writer(Database& database, Commit commit);
    Database& database_;
    std::unique_lock<std::mutex> lock_;
    bool unsynced_;
    std::optional<WriteTransaction> transaction_;
  };

  // Opens (creating and migrating when read-write) the index at `file`. WAL mode lets a read-only
  // index in another process (everynet jobs) read while the service writes. A read-only open
  // refuses an index of another schema version.
  static std::unique_ptr<Database> open(const std::filesystem::path& file, Access access);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  [[nodiscard]] Reader read() { return Reader(*this); }
  [[nodiscard]] Writer write(Commit commit = Commit::durable) { return Writer(*this, commit); }

  int schemaVersion();
  // Throws DatabaseError when the index does not answer a trivial query.
  void checkReadable();

 private:
  explicit Database(std::unique_ptr<SqliteConnection> connection);
  // Brings the schema of the index in `file` to the latest version, one transaction per
  // migration; a migration that leaves a row referring to a missing row is rolled back (throws).
  void migrate(const std::filesystem::path& file);

  std::mutex mutex_;
  std::unique_ptr<SqliteConnection> connection_;
};

}  // namespace everynet::storage
