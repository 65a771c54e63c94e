#include "storage/disk_full.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "storage/sqlite_connection.h"
#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

// The error a write of `bytes` into a table raises, or none.
std::optional<DatabaseError> writeError(SqliteConnection& db, int bytes) {
  try {
    Statement insert(db, "INSERT INTO t VALUES (zeroblob(?))");
    insert.bind(1, bytes).run();
  } catch (const DatabaseError& error) {
    return error;
  }
  return std::nullopt;
}

class DiskFullTest : public StorageFixture {};

// SQLite reports a database that may grow no further as it reports a full disk: SQLITE_FULL.
TEST_F(DiskFullTest, AnIndexThatCannotGrowIsFullAndOtherFailuresAreNot) {
  SqliteConnection db(dir_ / "scratch.sqlite", SqliteConnection::Mode::read_write_create);
  db.execute("CREATE TABLE t (v BLOB NOT NULL)");
  Statement(db, "PRAGMA max_page_count = 8").run();
  const auto full = writeError(db, 1 << 20);
  ASSERT_TRUE(full);
  EXPECT_TRUE(full->diskFull()) << full->what();
  EXPECT_TRUE(isDiskFull(*full));

  db.execute("CREATE TABLE u (v INTEGER NOT NULL)");
  try {
    db.execute("INSERT INTO u VALUES (NULL)");
    FAIL() << "a NULL was inserted into a NOT NULL column";
  } catch (const DatabaseError& error) {
    EXPECT_FALSE(isDiskFull(error)) << error.what();
  }
  // The full write was rolled back: the table is as before it.
  Statement count(db, "SELECT count(*) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.integer(0), 0);
}

TEST(DiskFull, AFileStoreFailureIsFullForNoSpaceOrAQuotaOnly) {
  EXPECT_TRUE(isDiskFull(std::system_error(ENOSPC, std::generic_category(), "write")));
  EXPECT_TRUE(isDiskFull(std::system_error(EDQUOT, std::generic_category(), "write")));
  EXPECT_TRUE(isDiskFull(std::filesystem::filesystem_error(
      "copy", std::make_error_code(std::errc::no_space_on_device))));
  EXPECT_TRUE(isDiskFull(std::system_error(ENOSPC, std::system_category(), "write")));
  EXPECT_FALSE(isDiskFull(std::system_error(EACCES, std::generic_category(), "write")));
  EXPECT_FALSE(isDiskFull(std::runtime_error("no space left on device")));
}

}  // namespace
}  // namespace everynet::storage::testing
