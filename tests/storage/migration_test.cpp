// Migration 0008 over an index of version 7: the jobs table is rebuilt with a method per job, and
// what refers to a job (results, log, losses, exports) still finds it.
#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "storage/sqlite_connection.h"
#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

class Migration8Test : public StorageFixture {
 protected:
  // A version-7 index with one patient, two series and one succeeded job with its results, log,
  // losses and an export; the job's id is 5.
  std::filesystem::path version7Index() {
    const auto file = dir_ / "version7.sqlite";
    SqliteConnection db(file, SqliteConnection::Mode::read_write_create);
    for (int version = 0; version < 7; ++version) db.execute(migrations()[version].sql);
    db.execute("PRAGMA user_version = 7");
    db.execute(R"sql(
      INSERT INTO patients (id, patient_id, issuer_of_patient_id, patient_name, birth_date,
                            created_at)
        VALUES (1, 'P1', '', '', '', 0);
      INSERT INTO studies (id, patient_ref, study_instance_uid, study_date, study_time,
                           accession_number, study_description, created_at)
        VALUES (1, 1, '1.1', '20250101', '', '', '', 0), (2, 1, '1.2', '20260101', '', '', '', 0);
      INSERT INTO series (id, study_ref, series_instance_uid, modality, series_description,
                          protocol_name, contrast_bolus_agent, image_type, scanning_sequence,
                          sequence_variant, mr_acquisition_type, last_instance_at, state)
        VALUES (1, 1, '1.1.1', 'MR', '', '', '', '', '', '', '', 0, 'complete'),
               (2, 2, '1.2.1', 'MR', '', '', '', '', '', '', '', 0, 'complete');
      INSERT INTO jobs (id, patient_ref, baseline_series_ref, followup_series_ref, state, reason,
                        attempts, progress, followup_volume_ml, created_at, started_at,
                        finished_at, updated_at, report, device, interruptions)
        VALUES (5, 1, 1, 2, 'succeeded', 'previous timepoint', 2, 1, 7.5, 10, 20, 30, 30,
                '{"rano": "stable"}', 'cpu', 1);
      INSERT INTO job_results (job_ref, sop_instance_uid, kind) VALUES (5, '9.1', 'report');
      INSERT INTO job_events (job_ref, at, level, message) VALUES (5, 30, 'info', 'succeeded');
      INSERT INTO job_losses (job_ref, iteration, critic_loss, generator_loss)
        VALUES (5, 1, 2.0, -1.0);
      INSERT INTO exports (job_ref, destination, sop_instance_uid, state, next_attempt_at,
                           created_at, updated_at)
        VALUES (5, 'pacs', '9.1', 'sent', 0, 0, 0);
    )sql");
    return file;
  }

  static std::vector<std::string> foreignKeyViolations(Stores& index) {
    auto reader = index.database->read();
    auto check = reader.prepare("PRAGMA foreign_key_check");
    std::vector<std::string> violations;
    while (check.step()) violations.push_back(check.text(0) + " -> " + check.text(2));
    return violations;
  }
};

TEST_F(Migration8Test, JobsOfAVersion7IndexKeepTheirIdsStateAndWhatRefersToThem) {
  auto index = std::make_unique<Stores>(version7Index(), Database::Access::read_write);
  EXPECT_EQ(index->database->schemaVersion(), static_cast<int>(migrations().size()));
  const auto job = index->jobs.job(5);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->method, "personal-wgan") << "the only method the service ran before";
  EXPECT_EQ(job->state, JobState::succeeded);
  EXPECT_EQ(job->reason, "previous timepoint");
  EXPECT_EQ(job->attempts, 2);
  EXPECT_EQ(job->interruptions, 1);
  EXPECT_EQ(job->followup_volume_ml, 7.5);
  EXPECT_EQ(job->report, R"({"rano": "stable"})");
  EXPECT_EQ(job->device, "cpu");
  EXPECT_EQ(job->baseline_series_uid, "1.1.1");
  EXPECT_EQ(job->followup_series_uid, "1.2.1");
  ASSERT_EQ(index->reads.jobResults(5).size(), 1u);
  EXPECT_EQ(index->reads.jobResults(5)[0].sop_instance_uid, "9.1");
  ASSERT_EQ(index->reads.jobEvents(5, 10).size(), 1u);
  EXPECT_EQ(index->reads.jobEvents(5, 10)[0].message, "succeeded");
  EXPECT_EQ(index->reads.jobLosses(5).size(), 1u);
  EXPECT_EQ(index->exports.counts().at(0).sent, 1);
  EXPECT_TRUE(foreignKeyViolations(*index).empty());
}

TEST_F(Migration8Test, TheRebuiltTableHasItsIndexesAndItsForeignKeysAreEnforced) {
  auto index = std::make_unique<Stores>(version7Index(), Database::Access::read_write);
  {
    auto reader = index->database->read();
    auto indexes = reader.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'jobs' "
        "AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name");
    std::vector<std::string> names;
    while (indexes.step()) names.push_back(indexes.text(0));
    EXPECT_EQ(names, (std::vector<std::string>{"jobs_by_patient", "jobs_by_state"}));
  }
  auto writer = index->database->write();
  EXPECT_THROW(writer
                   .prepare("INSERT INTO job_events (job_ref, at, level, message) "
                            "VALUES (99, 0, 'info', 'no such job')")
                   .run(),
               DatabaseError)
      << "job_events still refers to jobs(id), with foreign keys on";
  EXPECT_NO_THROW(writer
                      .prepare("INSERT INTO job_events (job_ref, at, level, message) "
                               "VALUES (5, 0, 'info', 'a line')")
                      .run());
}

TEST_F(Migration8Test, AMigrationThatLeavesABrokenReferenceIsRolledBack) {
  const auto file = version7Index();
  {
    SqliteConnection db(file, SqliteConnection::Mode::read_write_create);
    db.execute("INSERT INTO job_events (job_ref, at, level, message) VALUES (99, 0, 'info', 'x')");
  }
  try {
    Stores index(file, Database::Access::read_write);
    FAIL() << "opened";
  } catch (const DatabaseError& error) {
    EXPECT_NE(std::string(error.what()).find("0008_job_methods.sql left a row of table job_events"),
              std::string::npos)
        << error.what();
  }
  SqliteConnection db(file, SqliteConnection::Mode::read_write_create);
  Statement version(db, "PRAGMA user_version");
  ASSERT_TRUE(version.step());
  EXPECT_EQ(version.integer(0), 7) << "the index is as it was";
}

TEST_F(Migration8Test, APairGetsASecondJobOfAnotherMethodButNotOfTheSame) {
  auto index = std::make_unique<Stores>(version7Index(), Database::Access::read_write);
  EXPECT_FALSE(index->jobs.enqueue(1, "1.1.1", "1.2.1", "personal-wgan", "again", 40));
  EXPECT_TRUE(index->jobs.enqueue(1, "1.1.1", "1.2.1", "registration-subtraction", "added", 40));
  EXPECT_EQ(index->jobs.jobs().size(), 2u);
}

}  // namespace
}  // namespace everynet::storage::testing
