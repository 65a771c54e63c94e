#include "storage/database.h"

#include <string>
#include <utility>

#include "storage/migrations.h"

namespace everynet::storage {
namespace {

int userVersion(SqliteConnection& connection) {
  Statement version(connection, "PRAGMA user_version");
  version.step();
  return static_cast<int>(version.integer(0));
}

}  // namespace

Database::Reader::Reader(Database& database) : database_(database), lock_(database.mutex_) {
  Statement(*database_.connection_, "BEGIN").run();
}

Database::Reader::~Reader() {
  try {
    Statement(*database_.connection_, "COMMIT").run();
  } catch (const DatabaseError&) {
    // A read has nothing to keep; SQLite ends the transaction with the next BEGIN's failure or on
    // close at the latest.
  }
}

Database::Writer::Writer(Database& database, Commit commit)
    : database_(database), lock_(database.mutex_), unsynced_(commit == Commit::unsynced) {
  // Set outside the transaction, restored after it: it applies to this commit only.
  if (unsynced_) Statement(*database_.connection_, "PRAGMA synchronous=NORMAL").run();
  try {
    transaction_.emplace(*database_.connection_);
  } catch (...) {
    if (unsynced_) Statement(*database_.connection_, "PRAGMA synchronous=FULL").run();
    throw;
  }
}

Database::Writer::~Writer() {
  transaction_.reset();  // rolls back unless committed
  if (!unsynced_) return;
  // Setting the pragma does no I/O; it can fail only on a connection that is already unusable.
  try {
    Statement(*database_.connection_, "PRAGMA synchronous=FULL").run();
  } catch (const DatabaseError&) {
  }
}

void Database::Writer::commit() {
  transaction_->commit();
}

std::unique_ptr<Database> Database::open(const std::filesystem::path& file, Access access) {
  auto connection = std::make_unique<SqliteConnection>(
      file, access == Access::read_only ? SqliteConnection::Mode::read_only
                                        : SqliteConnection::Mode::read_write_create);
  std::unique_ptr<Database> database(new Database(std::move(connection)));
  if (access == Access::read_write) {
    database->connection_->execute("PRAGMA journal_mode=WAL");
    // FULL: a commit is on disk when the transaction that made it ends (unsynced ones excepted).
    database->connection_->execute("PRAGMA synchronous=FULL");
    // A migration may rebuild a table that others reference (0008 rebuilds jobs), which needs
    // foreign keys off; the pragma cannot change inside a migration's transaction, so each
    // migration checks the keys itself before it commits.
    database->connection_->execute("PRAGMA foreign_keys=OFF");
    database->migrate(file);
    database->connection_->execute("PRAGMA foreign_keys=ON");
  } else if (const int version = database->schemaVersion();
             version != static_cast<int>(migrations().size())) {
    throw DatabaseError("index " + file.string() + " has schema version " +
                        std::to_string(version) + ", this program expects " +
                        std::to_string(migrations().size()));
  }
  return database;
}

Database::Database(std::unique_ptr<SqliteConnection> connection)
    : connection_(std::move(connection)) {}

Database::~Database() = default;

int Database::schemaVersion() {
  std::lock_guard lock(mutex_);
  return userVersion(*connection_);
}

void Database::checkReadable() {
  auto reader = read();
  reader.prepare("SELECT count(*) FROM sqlite_schema").step();
}

void Database::migrate(const std::filesystem::path& file) {
  std::lock_guard lock(mutex_);
  const auto& all = migrations();
  for (int next = userVersion(*connection_); next < static_cast<int>(all.size()); ++next) {
    const auto& migration = all[static_cast<std::size_t>(next)];
    WriteTransaction transaction(*connection_);
    connection_->execute(migration.sql);
    {
      Statement violations(*connection_, "PRAGMA foreign_key_check");
      if (violations.step()) {
        throw DatabaseError("index " + file.string() + ": migration " +
                            std::string(migration.file_name) + " left a row of table " +
                            violations.text(0) + " that refers to a missing row of " +
                            violations.text(2));
      }
    }
    connection_->execute("PRAGMA user_version = " + std::to_string(next + 1));
    transaction.commit();
  }
}

}  // namespace everynet::storage
