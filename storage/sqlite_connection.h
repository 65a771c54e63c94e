#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace everynet::storage {

// Raised for every SQLite failure; the message names the statement or file that failed.
class DatabaseError : public std::runtime_error {
 public:
  explicit DatabaseError(const std::string& message, bool disk_full = false)
      : std::runtime_error(message), disk_full_(disk_full) {}
  // SQLite could not write for want of space: SQLITE_FULL, or an I/O error caused by ENOSPC or
  // EDQUOT. Its transaction is rolled back, so the index holds nothing of the failed write.
  bool diskFull() const { return disk_full_; }

 private:
  bool disk_full_;
};

class SqliteConnection;

// One prepared statement. Statements are prepared once per connection and SQL text and kept:
// preparing costs more than running a short statement. On destruction the statement is reset
// (ending the read it may hold open) and handed back. Bind indices start at 1, columns at 0.
class Statement {
 public:
  Statement(SqliteConnection& connection, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::nullopt_t);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }

  // Advances to the next row; false when the statement is done.
  bool step();
  // Runs a statement that returns no rows.
  void run();

  bool isNull(int column) const;
  std::string text(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  std::optional<std::string> optionalText(int column) const;
  std::optional<std::int64_t> optionalInteger(int column) const;
  std::optional<double> optionalReal(int column) const;

 private:
  [[noreturn]] void fail(std::string_view what) const;

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string_view sql_;    // the cache's copy, or owned_sql_
  bool* in_use_ = nullptr;  // the cache entry's flag; null for a statement of its own
  std::string owned_sql_;
};

// An open SQLite database; closed on destruction. Not thread-safe: callers serialise access.
class SqliteConnection {
 public:
  enum class Mode { read_write_create, read_only };

  SqliteConnection(const std::filesystem::path& file, Mode mode);
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection();

  // Runs SQL text of any number of statements, prepared anew (migrations, one-off pragmas).
  void execute(std::string_view sql);
  std::int64_t lastInsertRowId() const;
  int changes() const;
  sqlite3* handle() const { return db_; }

 private:
  friend class Statement;
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;  // a second Statement on the same SQL meanwhile prepares its own
  };
  // Heterogeneous lookup: a statement is found by the string_view it is created with.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, CachedStatement, SqlHash, std::equal_to<>> statements_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed without commit().
class WriteTransaction {
 public:
  explicit WriteTransaction(SqliteConnection& connection);
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  ~WriteTransaction();
  void commit();

 private:
  SqliteConnection& connection_;
  bool done_ = false;
};

}  // namespace everynet::storage
