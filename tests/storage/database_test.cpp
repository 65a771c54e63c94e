// The database's transactions: what a Writer leaves when it commits or not, and that an unsynced
// commit is the exception it asked for, not the connection's new rule.
#include "storage/database.h"

#include <gtest/gtest.h>

#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

class DatabaseTest : public StorageFixture {
 protected:
  std::int64_t patients() {
    auto reader = index_->database->read();
    auto count = reader.prepare("SELECT count(*) FROM patients");
    count.step();
    return count.integer(0);
  }
  void addPatient(Database::Writer& writer, const std::string& id) {
    writer
        .prepare(
            "INSERT INTO patients (patient_id, issuer_of_patient_id, patient_name, birth_date, "
            "created_at) VALUES (?, '', '', '', 0)")
        .bind(1, id)
        .run();
  }
  int synchronous() {
    auto reader = index_->database->read();
    auto pragma = reader.prepare("PRAGMA synchronous");
    pragma.step();
    return static_cast<int>(pragma.integer(0));
  }
};

TEST_F(DatabaseTest, AWriterThatDoesNotCommitLeavesNothing) {
  {
    auto writer = index_->database->write();
    addPatient(writer, "P1");
  }
  EXPECT_EQ(patients(), 0);
  {
    auto writer = index_->database->write();
    addPatient(writer, "P1");
    writer.commit();
  }
  EXPECT_EQ(patients(), 1);
}

TEST_F(DatabaseTest, AFailedStatementRollsTheWholeWriteBack) {
  auto write = [&] {
    auto writer = index_->database->write();
    addPatient(writer, "P2");
    addPatient(writer, "P2");  // the patient key is unique
    writer.commit();
  };
  EXPECT_THROW(write(), DatabaseError);
  EXPECT_EQ(patients(), 0);
}

TEST_F(DatabaseTest, AnUnsyncedCommitLeavesTheConnectionDurable) {
  constexpr int kFull = 2;
  EXPECT_EQ(synchronous(), kFull);
  {
    auto writer = index_->database->write(Database::Commit::unsynced);
    addPatient(writer, "P3");
    writer.commit();
  }
  EXPECT_EQ(synchronous(), kFull);
  { auto rolled_back = index_->database->write(Database::Commit::unsynced); }
  EXPECT_EQ(synchronous(), kFull);
  EXPECT_EQ(patients(), 1);
}

TEST_F(DatabaseTest, AnswersATrivialQuery) {
  EXPECT_NO_THROW(index_->database->checkReadable());
}

}  // namespace
}  // namespace everynet::storage::testing
