#include <set>

#include "storage/sqlite_connection.h"
#include "storage/stores.h"
#include "storage_fixture.h"

namespace everynet::storage::testing {
namespace {

// Instance UIDs of the fixture's instance("P1", "1", "1", sop).
std::string uid(const std::string& sop) {
  return "1.2.1.1." + sop;
}

class ExportQueueTest : public StorageFixture {
 protected:
  void SetUp() override {
    StorageFixture::SetUp();
    for (const char* sop : {"1", "2", "3"})
      index_->ingest.addInstance(instance("P1", "1", "1", sop));
  }

  std::set<std::string> dueUids(const std::string& destination, double now) {
    std::set<std::string> uids;
    for (const auto& item : index_->exports.due(destination, now, 100))
      uids.insert(item.sop_instance_uid);
    return uids;
  }

  ExportRetryPolicy policy_{30, 3600, 4};
};

TEST(ExportRetryDelayTest, DoublesFromTheInitialDelayUpToTheCap) {
  const ExportRetryPolicy policy{30, 3600, 12};
  EXPECT_EQ(exportRetryDelaySeconds(policy, 1), 30);
  EXPECT_EQ(exportRetryDelaySeconds(policy, 2), 60);
  EXPECT_EQ(exportRetryDelaySeconds(policy, 3), 120);
  EXPECT_EQ(exportRetryDelaySeconds(policy, 7), 1920);
  EXPECT_EQ(exportRetryDelaySeconds(policy, 8), 3600);
  EXPECT_EQ(exportRetryDelaySeconds(policy, 1000), 3600) << "no overflow for many attempts";
}

TEST_F(ExportQueueTest, QueuesEachInstanceOncePerDestination) {
  EXPECT_EQ(index_->exports.enqueue(std::nullopt, {uid("1"), uid("2")}, {"pacs", "archive"}, 10),
            4);
  EXPECT_EQ(index_->exports.enqueue(std::nullopt, {uid("1"), uid("2"), uid("3")}, {"pacs"}, 11), 1)
      << "only the new pair is queued";
  EXPECT_EQ(dueUids("pacs", 11), (std::set<std::string>{uid("1"), uid("2"), uid("3")}));
  EXPECT_EQ(dueUids("archive", 11), (std::set<std::string>{uid("1"), uid("2")}));
}

TEST_F(ExportQueueTest, ASentInstanceIsNotQueuedAgain) {
  index_->exports.enqueue(std::nullopt, {uid("1")}, {"pacs"}, 10);
  index_->exports.markSent(index_->exports.due("pacs", 10, 10).at(0).id, 11);
  EXPECT_EQ(index_->exports.enqueue(std::nullopt, {uid("1")}, {"pacs"}, 12), 0);
  EXPECT_TRUE(dueUids("pacs", 1e9).empty()) << "no export loop";
}

TEST_F(ExportQueueTest, AnInstanceNotIndexedQueuesNothing) {
  EXPECT_THROW(index_->exports.enqueue(std::nullopt, {uid("1"), "9.9.9"}, {"pacs"}, 10),
               DatabaseError);
  EXPECT_TRUE(dueUids("pacs", 10).empty()) << "all or nothing";
}

TEST_F(ExportQueueTest, DueItemsCarryWhatSendingNeeds) {
  index_->exports.enqueue(std::nullopt, {uid("1")}, {"pacs"}, 10);
  EXPECT_TRUE(index_->exports.due("pacs", 9.5, 10).empty()) << "not due before it was queued";
  const auto due = index_->exports.due("pacs", 10, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].destination, "pacs");
  EXPECT_EQ(due[0].sop_instance_uid, uid("1"));
  EXPECT_EQ(due[0].sop_class_uid, "1.2.840.10008.5.1.4.1.1.4");
  EXPECT_EQ(due[0].transfer_syntax_uid, "1.2.840.10008.1.2.1");
  EXPECT_EQ(due[0].file_path, "instances/x/" + uid("1") + ".dcm");
  EXPECT_EQ(due[0].attempts, 0);
}

TEST_F(ExportQueueTest, DueItemsAreLimitedAndEarliestFirst) {
  index_->exports.enqueue(std::nullopt, {uid("3")}, {"pacs"}, 10);
  index_->exports.enqueue(std::nullopt, {uid("1"), uid("2")}, {"pacs"}, 12);
  const auto due = index_->exports.due("pacs", 20, 2);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].sop_instance_uid, uid("3"));
  EXPECT_EQ(due[1].sop_instance_uid, uid("1"));
}

TEST_F(ExportQueueTest, FailedAttemptsBackOffExponentiallyThenFail) {
  index_->exports.enqueue(std::nullopt, {uid("1")}, {"pacs"}, 100);
  const auto id = index_->exports.due("pacs", 100, 10).at(0).id;

  auto outcome = index_->exports.recordFailure(id, "association refused", policy_, 100);
  EXPECT_EQ(outcome.state, ExportState::pending);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(outcome.next_attempt_at, 130);
  EXPECT_TRUE(dueUids("pacs", 129.9).empty()) << "waits the initial delay";
  EXPECT_EQ(index_->exports.nextAttemptAt("pacs"), 130);
  ASSERT_EQ(dueUids("pacs", 130).size(), 1u);

  outcome = index_->exports.recordFailure(id, "association refused", policy_, 130);
  EXPECT_EQ(outcome.next_attempt_at, 190) << "the delay doubles";
  outcome = index_->exports.recordFailure(id, "association refused", policy_, 190);
  EXPECT_EQ(outcome.next_attempt_at, 310);
  EXPECT_EQ(outcome.state, ExportState::pending);

  outcome = index_->exports.recordFailure(id, "status 0xa700: out of resources", policy_, 310);
  EXPECT_EQ(outcome.state, ExportState::failed) << "the fourth failed attempt is the last";
  EXPECT_EQ(outcome.attempts, 4);
  EXPECT_TRUE(dueUids("pacs", 1e9).empty()) << "a failed export is not retried by itself";
  EXPECT_FALSE(index_->exports.nextAttemptAt("pacs"));

  const auto troubled = index_->exports.troubled(10);
  ASSERT_EQ(troubled.size(), 1u);
  EXPECT_EQ(troubled[0].state, ExportState::failed);
  EXPECT_EQ(troubled[0].attempts, 4);
  EXPECT_EQ(troubled[0].last_error, "status 0xa700: out of resources");
}

TEST_F(ExportQueueTest, DestinationsAreIndependent) {
  index_->exports.enqueue(std::nullopt, {uid("1"), uid("2")}, {"down", "up"}, 10);
  for (const auto& item : index_->exports.due("down", 10, 10))
    index_->exports.recordFailure(item.id, "connection refused", policy_, 10);
  for (const auto& item : index_->exports.due("up", 10, 10)) index_->exports.markSent(item.id, 11);

  EXPECT_TRUE(dueUids("down", 11).empty());
  EXPECT_TRUE(dueUids("up", 1e9).empty());
  const auto backlog = index_->exports.backlog(12);
  ASSERT_EQ(backlog.size(), 2u);
  EXPECT_EQ(backlog[0].destination, "down");
  EXPECT_EQ(backlog[0].pending, 2);
  EXPECT_EQ(backlog[0].due, 0);
  EXPECT_EQ(backlog[0].sent, 0);
  EXPECT_EQ(backlog[0].next_attempt_at, 40);
  EXPECT_EQ(backlog[1].destination, "up");
  EXPECT_EQ(backlog[1].sent, 2);
  EXPECT_EQ(backlog[1].pending, 0);
  EXPECT_FALSE(backlog[1].next_attempt_at);
  EXPECT_EQ(index_->exports.backlog(40)[0].due, 2);
}

TEST_F(ExportQueueTest, RetryOfAllFailedRequeuesOnlyTheFailed) {
  const ExportRetryPolicy once{30, 3600, 1};
  index_->exports.enqueue(std::nullopt, {uid("1"), uid("2")}, {"pacs"}, 10);
  index_->exports.enqueue(std::nullopt, {uid("3")}, {"pacs"}, 20);
  for (const auto& item : index_->exports.due("pacs", 10, 10))
    index_->exports.recordFailure(item.id, "refused", once, 10);
  const auto still_pending = index_->exports.due("pacs", 20, 10);
  ASSERT_EQ(still_pending.size(), 1u) << "failed exports are not due";

  EXPECT_EQ(index_->exports.retryFailed(50), 2);
  const auto due = index_->exports.due("pacs", 50, 10);
  ASSERT_EQ(due.size(), 3u);
  for (const auto& item : due) EXPECT_EQ(item.attempts, 0) << "attempts start again";
  EXPECT_EQ(index_->exports.retryFailed(51), 0);
}

TEST_F(ExportQueueTest, RetryOfAJobSendsItsExportsAgainSentOnesIncluded) {
  const auto patient_ref = index_->timelines.timelineOfSeries(1).patient_ref;
  index_->ingest.addInstance(instance("P1", "2", "1", "1"));
  ASSERT_TRUE(index_->jobs.enqueue(patient_ref, "1.2.1.1", "1.2.2.1", "personal-wgan", "test", 5));
  const auto job_id = index_->jobs.jobs().at(0).id;

  index_->exports.enqueue(job_id, {uid("1"), uid("2")}, {"pacs"}, 10);
  index_->exports.enqueue(std::nullopt, {uid("3")}, {"pacs"}, 10);
  for (const auto& item : index_->exports.due("pacs", 10, 10)) {
    if (item.sop_instance_uid == uid("1")) {
      index_->exports.markSent(item.id, 11);
    } else {
      index_->exports.recordFailure(item.id, "refused", {30, 3600, 1}, 11);
    }
  }
  EXPECT_EQ(index_->exports.retryOfJob(job_id, 20), 2);
  EXPECT_EQ(dueUids("pacs", 20), (std::set<std::string>{uid("1"), uid("2")}))
      << "the instance of no job stays failed";
  EXPECT_EQ(index_->exports.retryOfJob(job_id + 1, 20), 0);
}

TEST_F(ExportQueueTest, TheQueueOutlivesTheProcess) {
  index_->exports.enqueue(std::nullopt, {uid("1")}, {"pacs"}, 10);
  index_->exports.recordFailure(index_->exports.due("pacs", 10, 1).at(0).id, "refused", policy_,
                                10);
  index_.reset();
  index_ = std::make_unique<Stores>(dir_ / "index.sqlite", Database::Access::read_write);
  const auto due = index_->exports.due("pacs", 40, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].attempts, 1);
}

}  // namespace
}  // namespace everynet::storage::testing
