#include "storage/index.h"

#include <algorithm>
#include <map>
#include <utility>

#include "storage/migrations.h"
#include "storage/sqlite_connection.h"

namespace everynet::storage {
namespace {

constexpr const char* kJobSelect = R"sql(
  SELECT j.id, j.state, p.patient_id, p.issuer_of_patient_id, bs.series_instance_uid,
         fs.series_instance_uid, bst.study_date, fst.study_date, j.reason, j.attempts, j.progress,
         j.error, j.created_at, j.started_at, j.finished_at, j.stage, j.eta_seconds,
         j.followup_volume_ml, j.report, j.patient_ref, j.device, j.cancel_requested, j.interruptions
  FROM jobs j
  JOIN patients p ON p.id = j.patient_ref
  JOIN series bs ON bs.id = j.baseline_series_ref
  JOIN series fs ON fs.id = j.followup_series_ref
  JOIN studies bst ON bst.id = bs.study_ref
  JOIN studies fst ON fst.id = fs.study_ref
)sql";

JobRecord readJob(const Statement& row) {
  JobRecord job;
  job.id = row.integer(0);
  job.state = parseJobState(row.text(1)).value_or(JobState::failed);
  job.patient_id = row.text(2);
  job.issuer_of_patient_id = row.text(3);
  job.baseline_series_uid = row.text(4);
  job.followup_series_uid = row.text(5);
  job.baseline_study_date = row.text(6);
  job.followup_study_date = row.text(7);
  job.reason = row.text(8);
  job.attempts = static_cast<int>(row.integer(9));
  job.progress = row.real(10);
  job.error = row.optionalText(11);
  job.created_at = row.real(12);
  job.started_at = row.optionalReal(13);
  job.finished_at = row.optionalReal(14);
  job.stage = row.optionalText(15);
  job.eta_seconds = row.optionalReal(16);
  job.followup_volume_ml = row.optionalReal(17);
  job.report = row.optionalText(18);
  job.patient_ref = row.integer(19);
  job.device = row.optionalText(20);
  job.cancel_requested = row.integer(21) != 0;
  job.interruptions = static_cast<int>(row.integer(22));
  return job;
}

// Commits made while this lives do not wait for the disk (synchronous=NORMAL in WAL mode: a
// power failure can lose them, a process crash cannot); the connection's FULL is restored after.
class UnsyncedCommits {
 public:
  explicit UnsyncedCommits(SqliteConnection& db) : db_(db) {
    Statement(db_, "PRAGMA synchronous=NORMAL").run();
  }
  UnsyncedCommits(const UnsyncedCommits&) = delete;
  UnsyncedCommits& operator=(const UnsyncedCommits&) = delete;
  // Setting the pragma does no I/O; it can fail only on a connection that is already unusable.
  ~UnsyncedCommits() {
    try {
      Statement(db_, "PRAGMA synchronous=FULL").run();
    } catch (const DatabaseError&) {
    }
  }

 private:
  SqliteConnection& db_;
};

// DICOM person names differ in case and trailing empty components between systems that mean the
// same person ("Doe^John^^" and "DOE^JOHN"); only a real difference is a conflict.
std::string normalisedName(std::string name) {
  while (!name.empty() && (name.back() == '^' || name.back() == ' ')) name.pop_back();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return name;
}

std::optional<std::string> identityDifference(const PatientIdentity& known,
                                              const PatientIdentity& incoming) {
  if (normalisedName(known.patient_name) != normalisedName(incoming.patient_name)) {
    return "instances under this patient key carry different patient names";
  }
  if (known.birth_date != incoming.birth_date) {
    return "instances under this patient key carry different birth dates";
  }
  return std::nullopt;
}

}  // namespace

const char* toString(JobState state) {
  switch (state) {
    case JobState::queued:
      return "queued";
    case JobState::running:
      return "running";
    case JobState::succeeded:
      return "succeeded";
    case JobState::failed:
      return "failed";
    case JobState::cancelled:
      return "cancelled";
  }
  return "unknown";
}

const char* toString(ResultKind kind) {
  switch (kind) {
    case ResultKind::heatmap:
      return "heatmap";
    case ResultKind::report:
      return "report";
    case ResultKind::segmentation:
      return "segmentation";
  }
  return "heatmap";
}

std::optional<ResultKind> parseResultKind(const std::string& text) {
  for (auto kind : {ResultKind::heatmap, ResultKind::report, ResultKind::segmentation}) {
    if (text == toString(kind)) return kind;
  }
  return std::nullopt;
}

std::optional<JobState> parseJobState(const std::string& text) {
  for (auto state : {JobState::queued, JobState::running, JobState::succeeded, JobState::failed,
                     JobState::cancelled}) {
    if (text == toString(state)) return state;
  }
  return std::nullopt;
}

std::unique_ptr<Index> Index::open(const std::filesystem::path& file, Access access) {
  auto connection = std::make_unique<SqliteConnection>(
      file, access == Access::read_only ? SqliteConnection::Mode::read_only
                                        : SqliteConnection::Mode::read_write_create);
  std::unique_ptr<Index> index(new Index(std::move(connection)));
  if (access == Access::read_write) {
    index->db_->execute("PRAGMA journal_mode=WAL");
    // FULL: a commit is on disk when the method that made it returns (addInstance excepted).
    index->db_->execute("PRAGMA synchronous=FULL");
    index->db_->execute("PRAGMA foreign_keys=ON");
    index->migrate();
    Statement listed(*index->db_, "SELECT directory FROM recent_instance_directories");
    while (listed.step()) index->recent_directories_.emplace(listed.text(0), 0);
  } else if (index->schemaVersion() != static_cast<int>(migrations().size())) {
    throw DatabaseError("index " + file.string() + " has schema version " +
                        std::to_string(index->schemaVersion()) + ", this program expects " +
                        std::to_string(migrations().size()));
  }
  return index;
}

Index::Index(std::unique_ptr<SqliteConnection> connection) : db_(std::move(connection)) {}

Index::~Index() = default;

int Index::schemaVersion() {
  Statement version(*db_, "PRAGMA user_version");
  version.step();
  return static_cast<int>(version.integer(0));
}

void Index::migrate() {
  std::lock_guard lock(mutex_);
  const auto& all = migrations();
  for (int next = schemaVersion(); next < static_cast<int>(all.size()); ++next) {
    WriteTransaction transaction(*db_);
    db_->execute(all[static_cast<std::size_t>(next)].sql);
    db_->execute("PRAGMA user_version = " + std::to_string(next + 1));
    transaction.commit();
  }
}

std::int64_t Index::recordAssociationStart(const AssociationRecord& association) {
  std::lock_guard lock(mutex_);
  Statement insert(*db_,
                   "INSERT INTO associations (calling_ae, called_ae, peer_address, started_at, "
                   "outcome) VALUES (?, ?, ?, ?, 'open')");
  insert.bind(1, association.calling_ae)
      .bind(2, association.called_ae)
      .bind(3, association.peer_address)
      .bind(4, association.started_at)
      .run();
  return db_->lastInsertRowId();
}

void Index::recordAssociationEnd(std::int64_t id, const std::string& outcome, double ended_at) {
  std::lock_guard lock(mutex_);
  Statement update(*db_, "UPDATE associations SET outcome = ?, ended_at = ? WHERE id = ?");
  update.bind(1, outcome).bind(2, ended_at).bind(3, id).run();
}

void Index::recordRefusedAssociation(const AssociationRecord& association) {
  std::lock_guard lock(mutex_);
  Statement insert(*db_,
                   "INSERT INTO associations (calling_ae, called_ae, peer_address, started_at, "
                   "ended_at, outcome) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, association.calling_ae)
      .bind(2, association.called_ae)
      .bind(3, association.peer_address)
      .bind(4, association.started_at)
      .bind(5, association.started_at)
      .bind(6, association.outcome)
      .run();
}

int Index::closeInterruptedAssociations(double now) {
  std::lock_guard lock(mutex_);
  Statement update(*db_,
                   "UPDATE associations SET outcome = 'interrupted', ended_at = ? "
                   "WHERE outcome = 'open'");
  update.bind(1, now).run();
  return db_->changes();
}

std::vector<AssociationRecord> Index::recentAssociations(int limit) {
  std::lock_guard lock(mutex_);
  Statement query(*db_,
                  "SELECT id, calling_ae, called_ae, peer_address, started_at, ended_at, "
                  "instances_received, outcome FROM associations ORDER BY id DESC LIMIT ?");
  query.bind(1, limit);
  std::vector<AssociationRecord> result;
  while (query.step()) {
    result.push_back({query.integer(0), query.text(1), query.text(2), query.text(3), query.real(4),
                      query.optionalReal(5), static_cast<int>(query.integer(6)), query.text(7)});
  }
  return result;
}

std::optional<std::string> Index::instanceFilePath(const std::string& sop_instance_uid) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, "SELECT file_path FROM instances WHERE sop_instance_uid = ?");
  query.bind(1, sop_instance_uid);
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

IndexedInstance Index::addInstance(const IncomingInstance& in) {
  std::lock_guard lock(mutex_);
  const UnsyncedCommits unsynced(*db_);
  WriteTransaction transaction(*db_);
  IndexedInstance result;

  std::int64_t patient_ref = 0;
  {
    Statement find(*db_,
                   "SELECT id, patient_name, birth_date, identity_conflict FROM patients "
                   "WHERE patient_id = ? AND issuer_of_patient_id = ?");
    find.bind(1, in.patient.patient_id).bind(2, in.patient.issuer_of_patient_id);
    if (find.step()) {
      patient_ref = find.integer(0);
      const PatientIdentity known{in.patient.patient_id, in.patient.issuer_of_patient_id,
                                  find.text(1), find.text(2)};
      const auto difference = identityDifference(known, in.patient);
      if (difference && find.isNull(3)) {
        Statement flag(*db_, "UPDATE patients SET identity_conflict = ? WHERE id = ?");
        flag.bind(1, *difference).bind(2, patient_ref).run();
        result.new_identity_conflict = difference;
      }
    } else {
      Statement insert(*db_,
                       "INSERT INTO patients (patient_id, issuer_of_patient_id, patient_name, "
                       "birth_date, created_at) VALUES (?, ?, ?, ?, ?)");
      insert.bind(1, in.patient.patient_id)
          .bind(2, in.patient.issuer_of_patient_id)
          .bind(3, in.patient.patient_name)
          .bind(4, in.patient.birth_date)
          .bind(5, in.received_at)
          .run();
      patient_ref = db_->lastInsertRowId();
    }
  }

  std::int64_t study_ref = 0;
  {
    Statement find(*db_, "SELECT id FROM studies WHERE study_instance_uid = ?");
    find.bind(1, in.study.study_instance_uid);
    if (find.step()) {
      study_ref = find.integer(0);
    } else {
      Statement insert(*db_,
                       "INSERT INTO studies (patient_ref, study_instance_uid, study_date, "
                       "study_time, accession_number, study_description, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)");
      insert.bind(1, patient_ref)
          .bind(2, in.study.study_instance_uid)
          .bind(3, in.study.study_date)
          .bind(4, in.study.study_time)
          .bind(5, in.study.accession_number)
          .bind(6, in.study.study_description)
          .bind(7, in.received_at)
          .run();
      study_ref = db_->lastInsertRowId();
    }
  }

  {
    Statement find(*db_, "SELECT id FROM series WHERE series_instance_uid = ?");
    find.bind(1, in.series_instance_uid);
    if (find.step()) {
      result.series_ref = find.integer(0);
      Statement reopen(*db_,
                       "UPDATE series SET instance_count = instance_count + 1, "
                       "last_instance_at = max(last_instance_at, ?), state = 'receiving' "
                       "WHERE id = ?");
      reopen.bind(1, in.received_at).bind(2, result.series_ref).run();
    } else {
      const SeriesAttributes& s = in.series;
      Statement insert(
          *db_,
          "INSERT INTO series (study_ref, series_instance_uid, modality, series_description, "
          "protocol_name, contrast_bolus_agent, image_type, scanning_sequence, sequence_variant, "
          "mr_acquisition_type, repetition_time_ms, echo_time_ms, inversion_time_ms, "
          "slice_thickness_mm, series_number, instance_count, last_instance_at, state) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 'receiving')");
      insert.bind(1, study_ref)
          .bind(2, in.series_instance_uid)
          .bind(3, s.modality)
          .bind(4, s.series_description)
          .bind(5, s.protocol_name)
          .bind(6, s.contrast_bolus_agent)
          .bind(7, s.image_type)
          .bind(8, s.scanning_sequence)
          .bind(9, s.sequence_variant)
          .bind(10, s.mr_acquisition_type)
          .bind(11, s.repetition_time_ms)
          .bind(12, s.echo_time_ms)
          .bind(13, s.inversion_time_ms)
          .bind(14, s.slice_thickness_mm)
          .bind(15, s.series_number)
          .bind(16, in.received_at)
          .run();
      result.series_ref = db_->lastInsertRowId();
    }
  }

  Statement insert(*db_,
                   "INSERT INTO instances (series_ref, sop_instance_uid, sop_class_uid, "
                   "transfer_syntax_uid, instance_number, file_path, file_size, received_at, "
                   "association_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, result.series_ref)
      .bind(2, in.sop_instance_uid)
      .bind(3, in.sop_class_uid)
      .bind(4, in.transfer_syntax_uid)
      .bind(5, in.instance_number)
      .bind(6, in.file_path)
      .bind(7, in.file_size)
      .bind(8, in.received_at)
      .bind(9, in.association_ref)
      .run();
  if (in.association_ref) {
    Statement count(*db_,
                    "UPDATE associations SET instances_received = instances_received + 1 "
                    "WHERE id = ?");
    count.bind(1, *in.association_ref).run();
  }
  transaction.commit();
  return result;
}

Index::DirectoryLease::DirectoryLease(Index& index, std::string directory)
    : index_(&index), directory_(std::move(directory)) {}

Index::DirectoryLease::DirectoryLease(DirectoryLease&& other) noexcept
    : index_(std::exchange(other.index_, nullptr)), directory_(std::move(other.directory_)) {}

Index::DirectoryLease::~DirectoryLease() {
  if (index_) index_->releaseLease(directory_);
}

Index::DirectoryLease Index::leaseInstanceDirectory(const std::string& directory) {
  std::lock_guard lock(mutex_);
  auto [listed, added] = recent_directories_.try_emplace(directory, 0);
  if (added) {
    try {
      // Durable (FULL) before any file goes into the directory.
      Statement insert(*db_, "INSERT OR IGNORE INTO recent_instance_directories VALUES (?)");
      insert.bind(1, directory).run();
    } catch (...) {
      recent_directories_.erase(listed);
      throw;
    }
  }
  ++listed->second;
  return DirectoryLease(*this, directory);
}

void Index::releaseLease(const std::string& directory) {
  std::lock_guard lock(mutex_);
  --recent_directories_.at(directory);
}

void Index::syncRecentInstances() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> unleased;
  for (const auto& [directory, leases] : recent_directories_) {
    if (leases == 0) unleased.push_back(directory);
  }
  if (unleased.empty()) return;
  WriteTransaction transaction(*db_);
  for (const auto& directory : unleased) {
    Statement remove(*db_, "DELETE FROM recent_instance_directories WHERE directory = ?");
    remove.bind(1, directory).run();
  }
  // FULL: this commit syncs the write-ahead log, and with it every commit before it, so the
  // instances of the unleased directories are durable together with their unlisting.
  transaction.commit();
  for (const auto& directory : unleased) recent_directories_.erase(directory);
}

std::vector<std::string> Index::recentInstanceDirectories() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> result;
  Statement listed(*db_, "SELECT directory FROM recent_instance_directories ORDER BY directory");
  while (listed.step()) result.push_back(listed.text(0));
  return result;
}

void Index::addInstanceConflict(const std::string& sop_instance_uid, const std::string& file_path,
                                double received_at, std::optional<std::int64_t> association_ref) {
  std::lock_guard lock(mutex_);
  Statement insert(*db_,
                   "INSERT INTO instance_conflicts (sop_instance_uid, file_path, received_at, "
                   "association_ref) VALUES (?, ?, ?, ?)");
  insert.bind(1, sop_instance_uid)
      .bind(2, file_path)
      .bind(3, received_at)
      .bind(4, association_ref)
      .run();
}

std::int64_t Index::instanceCount() {
  std::lock_guard lock(mutex_);
  Statement count(*db_, "SELECT count(*) FROM instances");
  count.step();
  return count.integer(0);
}

std::int64_t Index::instanceConflictCount() {
  std::lock_guard lock(mutex_);
  Statement count(*db_, "SELECT count(*) FROM instance_conflicts");
  count.step();
  return count.integer(0);
}

std::vector<SeriesRef> Index::receivingSeriesQuietSince(double cutoff) {
  std::lock_guard lock(mutex_);
  Statement query(*db_,
                  "SELECT id, series_instance_uid FROM series "
                  "WHERE state = 'receiving' AND last_instance_at <= ? ORDER BY id");
  query.bind(1, cutoff);
  std::vector<SeriesRef> result;
  while (query.step()) result.push_back({query.integer(0), query.text(1)});
  return result;
}

int Index::markSeriesComplete(std::int64_t series_ref) {
  std::lock_guard lock(mutex_);
  WriteTransaction transaction(*db_);
  Statement update(*db_,
                   "UPDATE series SET state = 'complete', version = version + 1 WHERE id = ?");
  update.bind(1, series_ref).run();
  Statement version(*db_, "SELECT version FROM series WHERE id = ?");
  version.bind(1, series_ref);
  if (!version.step()) throw DatabaseError("no series " + std::to_string(series_ref));
  const int result = static_cast<int>(version.integer(0));
  transaction.commit();
  return result;
}

namespace {

constexpr const char* kSeriesAttributeColumns =
    "modality, series_description, protocol_name, contrast_bolus_agent, image_type, "
    "scanning_sequence, sequence_variant, mr_acquisition_type, repetition_time_ms, echo_time_ms, "
    "inversion_time_ms, slice_thickness_mm, series_number";

// Reads the columns of kSeriesAttributeColumns starting at `first`.
SeriesAttributes readSeriesAttributes(const Statement& row, int first) {
  SeriesAttributes s;
  s.modality = row.text(first + 0);
  s.series_description = row.text(first + 1);
  s.protocol_name = row.text(first + 2);
  s.contrast_bolus_agent = row.text(first + 3);
  s.image_type = row.text(first + 4);
  s.scanning_sequence = row.text(first + 5);
  s.sequence_variant = row.text(first + 6);
  s.mr_acquisition_type = row.text(first + 7);
  s.repetition_time_ms = row.optionalReal(first + 8);
  s.echo_time_ms = row.optionalReal(first + 9);
  s.inversion_time_ms = row.optionalReal(first + 10);
  s.slice_thickness_mm = row.optionalReal(first + 11);
  if (auto number = row.optionalInteger(first + 12)) s.series_number = static_cast<int>(*number);
  return s;
}

}  // namespace

SeriesAttributes Index::seriesAttributes(std::int64_t series_ref) {
  std::lock_guard lock(mutex_);
  Statement query(*db_,
                  std::string("SELECT ") + kSeriesAttributeColumns + " FROM series WHERE id = ?");
  query.bind(1, series_ref);
  if (!query.step()) throw DatabaseError("no series " + std::to_string(series_ref));
  return readSeriesAttributes(query, 0);
}

void Index::recordClassification(std::int64_t series_ref, int series_version, bool is_t1ce,
                                 const std::string& reason, double decided_at) {
  std::lock_guard lock(mutex_);
  Statement insert(*db_,
                   "INSERT OR REPLACE INTO series_classifications (series_ref, series_version, "
                   "is_t1ce, reason, decided_at) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, series_ref)
      .bind(2, series_version)
      .bind(3, is_t1ce ? 1 : 0)
      .bind(4, reason)
      .bind(5, decided_at)
      .run();
}

std::vector<SeriesDecision> Index::seriesDecisions() {
  std::lock_guard lock(mutex_);
  Statement query(*db_, R"sql(
    SELECT p.patient_id, p.issuer_of_patient_id, st.study_date, s.series_instance_uid,
           s.series_description, s.state, s.version, s.instance_count, c.is_t1ce, c.reason,
           st.t1ce_series_ref = s.id,
           (SELECT r.job_ref FROM instances i
            JOIN job_results r ON r.sop_instance_uid = i.sop_instance_uid
            WHERE i.series_ref = s.id LIMIT 1)  -- the job whose results the series holds, if any
    FROM series s
    JOIN studies st ON st.id = s.study_ref
    JOIN patients p ON p.id = st.patient_ref
    LEFT JOIN series_classifications c ON c.series_ref = s.id AND c.series_version = (
      SELECT max(series_version) FROM series_classifications WHERE series_ref = s.id)
    ORDER BY p.id, st.study_date, s.series_number, s.id)sql");
  std::vector<SeriesDecision> result;
  while (query.step()) {
    SeriesDecision d;
    d.patient_id = query.text(0);
    d.issuer_of_patient_id = query.text(1);
    d.study_date = query.text(2);
    d.series_instance_uid = query.text(3);
    d.series_description = query.text(4);
    d.state = query.text(5);
    d.version = static_cast<int>(query.integer(6));
    d.instance_count = static_cast<int>(query.integer(7));
    if (!query.isNull(8)) d.is_t1ce = query.integer(8) != 0;
    d.reason = query.text(9);
    d.chosen_for_timepoint = query.integer(10) != 0;
    d.result_of_job = query.optionalInteger(11);
    result.push_back(std::move(d));
  }
  return result;
}

PatientTimeline Index::timelineOfSeries(std::int64_t series_ref) {
  std::lock_guard lock(mutex_);
  PatientTimeline timeline;
  {
    Statement patient(*db_, R"sql(
      SELECT p.id, p.identity_conflict FROM series s
      JOIN studies st ON st.id = s.study_ref JOIN patients p ON p.id = st.patient_ref
      WHERE s.id = ?)sql");
    patient.bind(1, series_ref);
    if (!patient.step()) throw DatabaseError("no series " + std::to_string(series_ref));
    timeline.patient_ref = patient.integer(0);
    timeline.identity_conflict = patient.optionalText(1);
  }
  // Complete series whose decision for their current version is T1ce, grouped by study; a study
  // with a series still receiving is no timepoint yet.
  Statement query(*db_, std::string(R"sql(
    SELECT st.id, st.study_instance_uid, st.study_date, s.id, s.series_instance_uid, )sql") +
                            kSeriesAttributeColumns + R"sql(,
           (SELECT j.followup_volume_ml FROM jobs j JOIN series fs ON fs.id = j.followup_series_ref
            WHERE fs.study_ref = st.id AND j.state = 'succeeded'
              AND j.followup_volume_ml IS NOT NULL ORDER BY j.id DESC LIMIT 1)
    FROM studies st
    JOIN series s ON s.study_ref = st.id AND s.state = 'complete'
    JOIN series_classifications c ON c.series_ref = s.id AND c.series_version = s.version
    WHERE st.patient_ref = ? AND c.is_t1ce = 1
      AND NOT EXISTS (SELECT 1 FROM series r WHERE r.study_ref = st.id AND r.state = 'receiving')
    ORDER BY st.study_date, st.id, s.id)sql");
  query.bind(1, timeline.patient_ref);
  std::map<std::int64_t, std::size_t> position_of_study;
  while (query.step()) {
    const std::int64_t study_ref = query.integer(0);
    auto [it, added] = position_of_study.try_emplace(study_ref, timeline.timepoints.size());
    if (added) {
      TimepointRecord timepoint;
      timepoint.study_ref = study_ref;
      timepoint.study_instance_uid = query.text(1);
      timepoint.study_date = query.text(2);
      timepoint.enhancing_volume_ml = query.optionalReal(5 + 13);
      timeline.timepoints.push_back(std::move(timepoint));
    }
    timeline.timepoints[it->second].t1ce_series.push_back(
        {query.integer(3), query.text(4), readSeriesAttributes(query, 5)});
  }
  Statement followups(*db_, R"sql(
    SELECT DISTINCT s.series_instance_uid FROM jobs j JOIN series s ON s.id = j.followup_series_ref
    WHERE j.patient_ref = ?)sql");
  followups.bind(1, timeline.patient_ref);
  while (followups.step()) timeline.followups_with_job.push_back(followups.text(0));
  return timeline;
}

void Index::recordT1ceChoice(std::int64_t study_ref, std::int64_t series_ref,
                             const std::string& reason) {
  std::lock_guard lock(mutex_);
  Statement update(*db_,
                   "UPDATE studies SET t1ce_series_ref = ?, t1ce_choice_reason = ? WHERE id = ?");
  update.bind(1, series_ref).bind(2, reason).bind(3, study_ref).run();
}

bool Index::enqueueJob(std::int64_t patient_ref, const std::string& baseline_series_uid,
                       const std::string& followup_series_uid, const std::string& reason,
                       double now) {
  std::lock_guard lock(mutex_);
  Statement insert(*db_, R"sql(
    INSERT INTO jobs (patient_ref, baseline_series_ref, followup_series_ref, state, reason,
                      created_at, updated_at)
    SELECT ?, b.id, f.id, 'queued', ?, ?, ?
    FROM series b, series f WHERE b.series_instance_uid = ? AND f.series_instance_uid = ?
    ON CONFLICT (baseline_series_ref, followup_series_ref) DO NOTHING)sql");
  insert.bind(1, patient_ref)
      .bind(2, reason)
      .bind(3, now)
      .bind(4, now)
      .bind(5, baseline_series_uid)
      .bind(6, followup_series_uid)
      .run();
  return db_->changes() > 0;
}

std::optional<JobRecord> Index::claimNextQueuedJob(double now) {
  std::optional<std::int64_t> claimed;
  {
    std::lock_guard lock(mutex_);
    WriteTransaction transaction(*db_);
    Statement next(*db_, "SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1");
    if (!next.step()) return std::nullopt;
    claimed = next.integer(0);
    Statement update(*db_,
                     "UPDATE jobs SET state = 'running', attempts = attempts + 1, progress = 0, "
                     "started_at = ?, updated_at = ? WHERE id = ?");
    update.bind(1, now).bind(2, now).bind(3, *claimed).run();
    transaction.commit();
  }
  return job(*claimed);
}

void Index::updateJobProgress(std::int64_t job_id, double progress, double now) {
  std::lock_guard lock(mutex_);
  Statement update(*db_, "UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?");
  update.bind(1, progress).bind(2, now).bind(3, job_id).run();
}

void Index::recordJobStage(std::int64_t job_id, const std::string& stage, double now) {
  std::lock_guard lock(mutex_);
  Statement update(*db_,
                   "UPDATE jobs SET stage = ?, eta_seconds = NULL, updated_at = ? WHERE id = ?");
  update.bind(1, stage).bind(2, now).bind(3, job_id).run();
}

void Index::recordTrainingIteration(std::int64_t job_id, double progress,
                                    const JobLossRecord& losses, double eta_seconds, double now) {
  std::lock_guard lock(mutex_);
  WriteTransaction transaction(*db_);
  Statement update(*db_,
                   "UPDATE jobs SET progress = ?, eta_seconds = ?, updated_at = ? WHERE id = ?");
  update.bind(1, progress).bind(2, eta_seconds).bind(3, now).bind(4, job_id).run();
  // A resumed training repeats the iterations after its checkpoint: the later values win.
  Statement loss(*db_, R"sql(
    INSERT OR REPLACE INTO job_losses (job_ref, iteration, critic_loss, generator_loss)
    VALUES (?, ?, ?, ?))sql");
  loss.bind(1, job_id)
      .bind(2, losses.iteration)
      .bind(3, losses.critic_loss)
      .bind(4, losses.generator_loss)
      .run();
  transaction.commit();
}

std::vector<JobLossRecord> Index::jobLosses(std::int64_t job_id) {
  std::lock_guard lock(mutex_);
  Statement query(*db_,
                  "SELECT iteration, critic_loss, generator_loss FROM job_losses WHERE job_ref = ? "
                  "ORDER BY iteration");
  query.bind(1, job_id);
  std::vector<JobLossRecord> losses;
  while (query.step()) {
    losses.push_back({static_cast<int>(query.integer(0)), query.real(1), query.real(2)});
  }
  return losses;
}

void Index::requeueJob(std::int64_t job_id, double now) {
  std::lock_guard lock(mutex_);
  Statement update(*db_,
                   "UPDATE jobs SET state = 'queued', stage = NULL, eta_seconds = NULL, "
                   "updated_at = ? WHERE id = ? AND state = 'running'");
  update.bind(1, now).bind(2, job_id).run();
}

void Index::completeJob(std::int64_t job_id, const JobCompletion& completion, double now) {
  std::lock_guard lock(mutex_);
  WriteTransaction transaction(*db_);
  for (const auto& result : completion.results) {
    Statement insert(*db_,
                     "INSERT OR IGNORE INTO job_results (job_ref, sop_instance_uid, kind) "
                     "VALUES (?, ?, ?)");
    insert.bind(1, job_id).bind(2, result.sop_instance_uid).bind(3, toString(result.kind)).run();
  }
  Statement update(*db_, R"sql(
    UPDATE jobs SET state = 'succeeded', error = NULL, progress = 1, stage = NULL,
                    eta_seconds = NULL, report = ?, followup_volume_ml = ?, finished_at = ?,
                    updated_at = ?
    WHERE id = ?)sql");
  update.bind(1, completion.report)
      .bind(2, completion.followup_volume_ml)
      .bind(3, now)
      .bind(4, now)
      .bind(5, job_id)
      .run();
  // The result series are complete as the job stores them: they need not wait for the quiet
  // period that received series do, and are no candidates for T1ce.
  constexpr const char* kResultSeries = R"sql(
    SELECT DISTINCT i.series_ref FROM job_results r
    JOIN instances i ON i.sop_instance_uid = r.sop_instance_uid WHERE r.job_ref = ?)sql";
  Statement complete(*db_, std::string("UPDATE series SET state = 'complete', "
                                       "version = version + 1 WHERE id IN (") +
                               kResultSeries + ")");
  complete.bind(1, job_id).run();
  Statement classify(*db_, std::string(R"sql(
    INSERT INTO series_classifications (series_ref, series_version, is_t1ce, reason, decided_at)
    SELECT id, version, 0, ?, ? FROM series WHERE id IN ()sql") +
                               kResultSeries + ")");
  classify.bind(1, "EveryNet result of job " + std::to_string(job_id))
      .bind(2, now)
      .bind(3, job_id)
      .run();
  transaction.commit();
}

std::vector<JobResultRecord> Index::jobResults(std::int64_t job_id) {
  std::lock_guard lock(mutex_);
  Statement query(
      *db_, "SELECT sop_instance_uid, kind FROM job_results WHERE job_ref = ? ORDER BY rowid");
  query.bind(1, job_id);
  std::vector<JobResultRecord> results;
  while (query.step()) {
    // The table's CHECK admits only the kinds there are.
    results.push_back({query.text(0), *parseResultKind(query.text(1))});
  }
  return results;
}

std::optional<double> Index::earlierFollowupVolume(const std::string& series_instance_uid) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, R"sql(
    SELECT j.followup_volume_ml FROM jobs j
    JOIN series fs ON fs.id = j.followup_series_ref
    JOIN series s ON s.study_ref = fs.study_ref
    WHERE s.series_instance_uid = ? AND j.state = 'succeeded' AND j.followup_volume_ml IS NOT NULL
    ORDER BY j.id DESC LIMIT 1)sql");
  query.bind(1, series_instance_uid);
  if (!query.step()) return std::nullopt;
  return query.real(0);
}

std::vector<std::string> Index::studyInstanceFilesOfClass(const std::string& series_instance_uid,
                                                          const std::string& sop_class_uid) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, R"sql(
    SELECT i.file_path FROM instances i
    JOIN series s ON s.id = i.series_ref
    JOIN series known ON known.study_ref = s.study_ref
    WHERE known.series_instance_uid = ? AND i.sop_class_uid = ? ORDER BY i.id)sql");
  query.bind(1, series_instance_uid).bind(2, sop_class_uid);
  std::vector<std::string> files;
  while (query.step()) files.push_back(query.text(0));
  return files;
}

std::vector<std::string> Index::seriesInstanceFiles(const std::string& series_instance_uid) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, R"sql(
    SELECT i.file_path FROM instances i JOIN series s ON s.id = i.series_ref
    WHERE s.series_instance_uid = ? ORDER BY i.instance_number, i.id)sql");
  query.bind(1, series_instance_uid);
  std::vector<std::string> files;
  while (query.step()) files.push_back(query.text(0));
  return files;
}

void Index::finishJob(std::int64_t job_id, JobState final_state,
                      const std::optional<std::string>& error, double now) {
  std::lock_guard lock(mutex_);
  Statement update(*db_,
                   "UPDATE jobs SET state = ?, error = ?, finished_at = ?, updated_at = ? "
                   "WHERE id = ?");
  update.bind(1, toString(final_state))
      .bind(2, error)
      .bind(3, now)
      .bind(4, now)
      .bind(5, job_id)
      .run();
}

std::vector<JobRecord> Index::jobs() {
  std::lock_guard lock(mutex_);
  Statement query(*db_, std::string(kJobSelect) + " ORDER BY j.id");
  std::vector<JobRecord> result;
  while (query.step()) result.push_back(readJob(query));
  return result;
}

std::optional<JobRecord> Index::job(std::int64_t job_id) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, std::string(kJobSelect) + " WHERE j.id = ?");
  query.bind(1, job_id);
  if (!query.step()) return std::nullopt;
  return readJob(query);
}

}  // namespace everynet::storage
