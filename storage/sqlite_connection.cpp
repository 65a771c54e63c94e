#include "storage/sqlite_connection.h"

#include <sqlite3.h>

#include <cerrno>

namespace everynet::storage {
namespace {

// SQLite reports a failed write for want of space as SQLITE_FULL, or (an fsync or the shared
// memory file) as an I/O error with the system's errno beneath.
bool diskFull(sqlite3* db) {
  if (!db) return false;
  const int code = sqlite3_extended_errcode(db) & 0xff;
  const int system_errno = sqlite3_system_errno(db);
  return code == SQLITE_FULL ||
         (code == SQLITE_IOERR && (system_errno == ENOSPC || system_errno == EDQUOT));
}

[[noreturn]] void throwDatabaseError(sqlite3* db, std::string_view what) {
  throw DatabaseError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"),
                      diskFull(db));
}

sqlite3_stmt* prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    throwDatabaseError(db, "cannot prepare '" + std::string(sql) + "'");
  }
  return stmt;
}

}  // namespace

SqliteConnection::SqliteConnection(const std::filesystem::path& file, Mode mode) {
  const int flags =
      mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(file.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string message = "cannot open database " + file.string() + ": " + sqlite3_errmsg(db_);
    sqlite3_close(db_);
    db_ = nullptr;
    throw DatabaseError(message);
  }
  // Readers and the writer are separate processes (everynet jobs while serve runs): wait, don't
  // fail.
  sqlite3_busy_timeout(db_, 10000);
  sqlite3_extended_result_codes(db_, 1);
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, cached] : statements_) sqlite3_finalize(cached.stmt);
  sqlite3_close(db_);
}

void SqliteConnection::execute(std::string_view sql) {
  char* error = nullptr;
  const std::string statement(sql);
  if (sqlite3_exec(db_, statement.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw DatabaseError("SQL failed (" + statement.substr(0, 60) + "): " + message, diskFull(db_));
  }
}

std::int64_t SqliteConnection::lastInsertRowId() const {
  return sqlite3_last_insert_rowid(db_);
}

int SqliteConnection::changes() const {
  return sqlite3_changes(db_);
}

Statement::Statement(SqliteConnection& connection, std::string_view sql)
    : db_(connection.handle()), stmt_(nullptr) {
  auto found = connection.statements_.find(sql);
  if (found == connection.statements_.end()) {
    found =
        connection.statements_.emplace(std::string(sql), SqliteConnection::CachedStatement{}).first;
  }
  auto& cached = found->second;
  if (!cached.in_use) {
    sql_ = found->first;
    if (!cached.stmt) cached.stmt = prepare(db_, sql_);
    cached.in_use = true;
    in_use_ = &cached.in_use;
    stmt_ = cached.stmt;
  } else {
    owned_sql_ = std::string(sql);
    sql_ = owned_sql_;
    stmt_ = prepare(db_, sql_);
  }
}

Statement::~Statement() {
  if (in_use_) {
    // The result of the last step was already reported; reset only ends the statement's run.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Statement::fail(std::string_view what) const {
  throwDatabaseError(db_, std::string(what) + " '" + std::string(sql_) + "'");
}

Statement& Statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    fail("cannot bind text to");
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail("cannot bind to");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) fail("cannot bind to");
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail("cannot bind to");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail("statement failed");
}

void Statement::run() {
  while (step()) {
  }
}

bool Statement::isNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(stmt_, column);
  return bytes ? std::string(reinterpret_cast<const char*>(bytes),
                             static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
               : std::string();
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::optional<std::string> Statement::optionalText(int column) const {
  if (isNull(column)) return std::nullopt;
  return text(column);
}

std::optional<std::int64_t> Statement::optionalInteger(int column) const {
  if (isNull(column)) return std::nullopt;
  return integer(column);
}

std::optional<double> Statement::optionalReal(int column) const {
  if (isNull(column)) return std::nullopt;
  return real(column);
}

WriteTransaction::WriteTransaction(SqliteConnection& connection) : connection_(connection) {
  Statement(connection_, "BEGIN IMMEDIATE").run();
}

WriteTransaction::~WriteTransaction() {
  if (!done_) {
    try {
      Statement(connection_, "ROLLBACK").run();
    } catch (const DatabaseError&) {
      // Nothing more can be done in a destructor; SQLite rolls back on close anyway.
    }
  }
}

void WriteTransaction::commit() {
  Statement(connection_, "COMMIT").run();
  done_ = true;
}

}  // namespace everynet::storage
