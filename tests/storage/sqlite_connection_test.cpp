#include "storage/sqlite_connection.h"

#include <gtest/gtest.h>

#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

// Statements are prepared once per connection and SQL text and handed out again; each use must
// still behave as a statement of its own.
class SqliteConnectionTest : public StorageFixture {
 protected:
  void SetUp() override {
    StorageFixture::SetUp();
    db_ = std::make_unique<SqliteConnection>(dir_ / "scratch.sqlite",
                                             SqliteConnection::Mode::read_write_create);
    db_->execute("CREATE TABLE t (v INTEGER UNIQUE); INSERT INTO t VALUES (1), (2);");
  }
  void TearDown() override {
    db_.reset();
    StorageFixture::TearDown();
  }

  std::int64_t count(std::string_view where = "1") {
    Statement query(*db_, "SELECT count(*) FROM t WHERE " + std::string(where));
    query.step();
    return query.integer(0);
  }

  std::unique_ptr<SqliteConnection> db_;
};

TEST_F(SqliteConnectionTest, TheSameSqlTwiceAtOnceRunsTwiceIndependently) {
  Statement outer(*db_, "SELECT v FROM t ORDER BY v");
  ASSERT_TRUE(outer.step());
  EXPECT_EQ(outer.integer(0), 1);
  {
    Statement inner(*db_, "SELECT v FROM t ORDER BY v");
    ASSERT_TRUE(inner.step());
    EXPECT_EQ(inner.integer(0), 1);
  }
  ASSERT_TRUE(outer.step());
  EXPECT_EQ(outer.integer(0), 2);
  EXPECT_FALSE(outer.step());
}

TEST_F(SqliteConnectionTest, AStatementStartsAgainWithoutTheBindingsOfItsLastUse) {
  constexpr std::string_view sql = "SELECT v FROM t WHERE v >= ? ORDER BY v";
  {
    Statement first(*db_, sql);
    first.bind(1, 1);
    ASSERT_TRUE(first.step());
    EXPECT_EQ(first.integer(0), 1);  // left with a row to go
  }
  {
    Statement second(*db_, sql);
    second.bind(1, 2);
    ASSERT_TRUE(second.step());
    EXPECT_EQ(second.integer(0), 2);
  }
  Statement unbound(*db_, sql);
  EXPECT_FALSE(unbound.step()) << "v >= NULL matches no row";
}

TEST_F(SqliteConnectionTest, AStatementThatFailedCanRunAgain) {
  EXPECT_THROW(Statement(*db_, "INSERT INTO t VALUES (?)").bind(1, 1).run(), DatabaseError);
  Statement(*db_, "INSERT INTO t VALUES (?)").bind(1, 3).run();
  EXPECT_EQ(count(), 3);
}

TEST_F(SqliteConnectionTest, ATransactionNotCommittedIsRolledBack) {
  {
    WriteTransaction transaction(*db_);
    Statement(*db_, "INSERT INTO t VALUES (?)").bind(1, 3).run();
  }
  EXPECT_EQ(count(), 2);
  {
    WriteTransaction transaction(*db_);
    Statement(*db_, "INSERT INTO t VALUES (?)").bind(1, 3).run();
    transaction.commit();
  }
  EXPECT_EQ(count("v = 3"), 1);
}

}  // namespace
}  // namespace everynet::storage::testing
