// The database (migrations, read-only opens) and IngestStore: instances, conflicts, recent
// directories.
#include "storage/migrations.h"
#include "storage/sqlite_connection.h"
#include "storage/stores.h"
#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

using IngestStoreTest = StorageFixture;

TEST_F(IngestStoreTest, MigratesToTheLatestVersionAndReopens) {
  EXPECT_EQ(index_->database->schemaVersion(), static_cast<int>(migrations().size()));
  index_.reset();
  index_ = std::make_unique<Stores>(dir_ / "index.sqlite", Database::Access::read_write);
  EXPECT_EQ(index_->database->schemaVersion(), static_cast<int>(migrations().size()));
}

TEST_F(IngestStoreTest, ReadOnlyIndexSeesWhatTheWriterCommitted) {
  index_->ingest.addInstance(instance("P1", "1", "1", "1"));
  auto reader = std::make_unique<Stores>(dir_ / "index.sqlite", Database::Access::read_only);
  EXPECT_EQ(reader->ingest.instanceCount(), 1);
  EXPECT_THROW(reader->ingest.addInstance(instance("P1", "1", "1", "2")), DatabaseError);
}

TEST_F(IngestStoreTest, ReadOnlyOpenOfAMissingIndexFails) {
  EXPECT_THROW(std::make_unique<Stores>(dir_ / "absent.sqlite", Database::Access::read_only),
               DatabaseError);
}

TEST_F(IngestStoreTest, AddsInstancesUnderOnePatientStudyAndSeries) {
  const auto first = index_->ingest.addInstance(instance("P1", "1", "1", "1"));
  const auto second = index_->ingest.addInstance(instance("P1", "1", "1", "2"));
  EXPECT_EQ(first.series_ref, second.series_ref);
  EXPECT_EQ(index_->ingest.instanceCount(), 2);
  EXPECT_EQ(index_->ingest.instanceFilePath("1.2.1.1.2"), "instances/x/1.2.1.1.2.dcm");
  EXPECT_EQ(index_->ingest.instanceFilePath("9.9"), std::nullopt);
  const auto decisions = index_->reads.seriesDecisions();
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].instance_count, 2);
  EXPECT_EQ(decisions[0].state, "receiving");
  EXPECT_FALSE(decisions[0].is_t1ce.has_value());
}

TEST_F(IngestStoreTest, TheSameSopInstanceUidIsNeverIndexedTwice) {
  index_->ingest.addInstance(instance("P1", "1", "1", "1"));
  EXPECT_THROW(index_->ingest.addInstance(instance("P1", "1", "1", "1")), DatabaseError);
  EXPECT_EQ(index_->ingest.instanceCount(), 1);
}

TEST_F(IngestStoreTest, FlagsAPatientKeyWhoseNameOrBirthDateDiffers) {
  auto in = instance("P1", "1", "1", "1");
  EXPECT_FALSE(index_->ingest.addInstance(in).new_identity_conflict);
  in.sop_instance_uid += ".2";
  in.patient.patient_name = "doe^p1^^";  // same person, other spelling
  EXPECT_FALSE(index_->ingest.addInstance(in).new_identity_conflict);
  in.sop_instance_uid += ".3";
  in.patient.birth_date = "19800101";
  const auto flagged = index_->ingest.addInstance(in);
  ASSERT_TRUE(flagged.new_identity_conflict);
  EXPECT_NE(flagged.new_identity_conflict->find("birth date"), std::string::npos);
  in.sop_instance_uid += ".4";
  EXPECT_FALSE(index_->ingest.addInstance(in).new_identity_conflict)
      << "flagged once, not per instance";
  EXPECT_TRUE(index_->timelines.timelineOfSeries(flagged.series_ref).identity_conflict);
}

TEST_F(IngestStoreTest, SameIdWithAnotherIssuerIsAnotherPatient) {
  auto in = instance("P1", "1", "1", "1");
  index_->ingest.addInstance(in);
  auto other = instance("P1", "2", "1", "1");
  other.patient.issuer_of_patient_id = "OTHER HOSPITAL";
  other.patient.patient_name = "SOMEONE^ELSE";
  const auto added = index_->ingest.addInstance(other);
  EXPECT_FALSE(added.new_identity_conflict);
  EXPECT_FALSE(index_->timelines.timelineOfSeries(added.series_ref).identity_conflict);
}

TEST_F(IngestStoreTest, SeriesCompleteAfterQuietPeriodAndReopenAsNewVersion) {
  const auto added = index_->ingest.addInstance(instance("P1", "1", "1", "1", 100.0));
  EXPECT_TRUE(index_->timelines.receivingSeriesQuietSince(99.0).empty());
  const auto quiet = index_->timelines.receivingSeriesQuietSince(100.0);
  ASSERT_EQ(quiet.size(), 1u);
  EXPECT_EQ(quiet[0].id, added.series_ref);
  EXPECT_EQ(index_->timelines.markSeriesComplete(added.series_ref), 1);
  EXPECT_TRUE(index_->timelines.receivingSeriesQuietSince(1e9).empty());

  index_->ingest.addInstance(instance("P1", "1", "1", "2", 200.0));
  EXPECT_TRUE(index_->timelines.receivingSeriesQuietSince(150.0).empty())
      << "late instance re-opens";
  EXPECT_EQ(index_->timelines.receivingSeriesQuietSince(200.0).size(), 1u);
  EXPECT_EQ(index_->timelines.markSeriesComplete(added.series_ref), 2);
}

TEST_F(IngestStoreTest, StoresSeriesAttributesAsReceived) {
  auto in = instance("P1", "1", "1", "1");
  in.series.repetition_time_ms = 2300;
  in.series.echo_time_ms = 2.98;
  in.series.slice_thickness_mm = 1.0;
  const auto added = index_->ingest.addInstance(in);
  EXPECT_EQ(index_->timelines.seriesAttributes(added.series_ref), in.series);
}

TEST_F(IngestStoreTest, TimelineHoldsCompleteT1ceSeriesOfTheCurrentVersionOnly) {
  const auto baseline = index_->ingest.addInstance(instance("P1", "1", "1", "1"));
  auto later = instance("P1", "2", "1", "1");
  later.study.study_date = "20260401";
  const auto followup = index_->ingest.addInstance(later);
  auto distractor = instance("P1", "2", "2", "1");
  distractor.study.study_date = "20260401";
  distractor.series.series_description = "t2_tse_tra";
  const auto t2 = index_->ingest.addInstance(distractor);

  for (auto ref : {baseline.series_ref, followup.series_ref, t2.series_ref}) {
    const int version = index_->timelines.markSeriesComplete(ref);
    index_->timelines.recordClassification(ref, version, ref != t2.series_ref, "test", 1.0);
  }
  auto timeline = index_->timelines.timelineOfSeries(followup.series_ref);
  ASSERT_EQ(timeline.timepoints.size(), 2u);
  EXPECT_EQ(timeline.timepoints[0].study_date, "20260101");
  EXPECT_EQ(timeline.timepoints[1].study_date, "20260401");
  ASSERT_EQ(timeline.timepoints[1].t1ce_series.size(), 1u);
  EXPECT_EQ(timeline.timepoints[1].t1ce_series[0].series_instance_uid, "1.2.2.1");
  EXPECT_EQ(timeline.timepoints[1].t1ce_series[0].attributes.series_description,
            "t1_mprage_tra_KM");

  // A re-opened series is no candidate until it completes and is classified again.
  auto late = instance("P1", "2", "1", "2");
  late.study.study_date = "20260401";
  index_->ingest.addInstance(late);
  timeline = index_->timelines.timelineOfSeries(followup.series_ref);
  EXPECT_EQ(timeline.timepoints.size(), 1u);
}

TEST_F(IngestStoreTest, AuditsAssociationsAndClosesInterruptedOnes) {
  const auto id = index_->ingest.recordAssociationStart(
      {0, "MODALITY", "EVERYNET", "127.0.0.1", 1.0, std::nullopt, 0, ""});
  auto in = instance("P1", "1", "1", "1");
  in.association_ref = id;
  index_->ingest.addInstance(in);
  index_->ingest.recordRefusedAssociation({0, "STRANGER", "EVERYNET", "127.0.0.2", 2.0,
                                           std::nullopt, 0,
                                           "refused: calling AE title not allowed"});
  auto recent = index_->reads.recentAssociations(10);
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0].outcome, "refused: calling AE title not allowed");
  EXPECT_EQ(recent[1].outcome, "open");
  EXPECT_EQ(recent[1].instances_received, 1);
  EXPECT_EQ(index_->ingest.closeInterruptedAssociations(3.0), 1);
  EXPECT_EQ(index_->reads.recentAssociations(10)[1].outcome, "interrupted");
  index_->ingest.recordAssociationEnd(id, "released", 4.0);
  EXPECT_EQ(index_->reads.recentAssociations(10)[1].outcome, "released");
}

TEST_F(IngestStoreTest, KeepsConflictingInstancesApartFromTheIndex) {
  index_->ingest.addInstanceConflict("1.2.3", "conflicts/1.2.3.x.dcm", 5.0, std::nullopt);
  EXPECT_EQ(index_->ingest.instanceConflictCount(), 1);
  EXPECT_EQ(index_->ingest.instanceCount(), 0);
}

TEST_F(IngestStoreTest, ListsADirectoryAsRecentBeforeItsFilesAreWrittenAndWhileItIsLeased) {
  const std::string directory = "instances/1.2.1/1.2.1.1";
  {
    const auto lease = index_->ingest.leaseInstanceDirectory(directory);
    auto other_process =
        std::make_unique<Stores>(dir_ / "index.sqlite", Database::Access::read_only);
    EXPECT_EQ(other_process->ingest.recentInstanceDirectories(),
              std::vector<std::string>{directory})
        << "listed and committed when the lease is given";
    index_->ingest.addInstance(instance("P1", "1", "1", "1"));
    index_->ingest.syncRecentInstances();
    EXPECT_EQ(index_->ingest.recentInstanceDirectories().size(), 1u)
        << "a sync keeps leased directories";
  }
  EXPECT_EQ(index_->ingest.recentInstanceDirectories().size(), 1u) << "unlisted only by a sync";
  index_->ingest.syncRecentInstances();
  EXPECT_TRUE(index_->ingest.recentInstanceDirectories().empty());
}

TEST_F(IngestStoreTest, ADirectoryStaysListedUntilTheLastOfSeveralLeasesEnds) {
  auto first = std::make_optional(index_->ingest.leaseInstanceDirectory("instances/a/b"));
  const auto second = index_->ingest.leaseInstanceDirectory("instances/a/b");
  const auto other = index_->ingest.leaseInstanceDirectory("instances/a/c");
  first.reset();
  index_->ingest.syncRecentInstances();
  EXPECT_EQ(index_->ingest.recentInstanceDirectories(),
            (std::vector<std::string>{"instances/a/b", "instances/a/c"}));
}

TEST_F(IngestStoreTest, DirectoriesListedByAProcessThatDiedStayListedUntilASync) {
  { const auto lease = index_->ingest.leaseInstanceDirectory("instances/a/b"); }
  index_.reset();  // no sync: as after a crash
  index_ = std::make_unique<Stores>(dir_ / "index.sqlite", Database::Access::read_write);
  EXPECT_EQ(index_->ingest.recentInstanceDirectories(), std::vector<std::string>{"instances/a/b"});
  { const auto lease = index_->ingest.leaseInstanceDirectory("instances/a/b"); }
  index_->ingest.syncRecentInstances();
  EXPECT_TRUE(index_->ingest.recentInstanceDirectories().empty());
}

}  // namespace
}  // namespace everynet::storage::testing
