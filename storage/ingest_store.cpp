#include "storage/ingest_store.h"

#include <algorithm>
#include <utility>

#include "storage/database.h"

namespace everynet::storage {
namespace {

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

// The steps of IngestStore::addInstance, each inside its transaction.

// The instance's patient, added when new; the first instance to disagree with the patient's
// recorded name or birth date flags the patient (and says so in `result`).
std::int64_t findOrAddPatient(Database::Writer& writer, const IncomingInstance& in,
                              IndexedInstance& result) {
  auto find = writer.prepare(
      "SELECT id, patient_name, birth_date, identity_conflict FROM patients "
      "WHERE patient_id = ? AND issuer_of_patient_id = ?");
  find.bind(1, in.patient.patient_id).bind(2, in.patient.issuer_of_patient_id);
  if (find.step()) {
    const std::int64_t patient_ref = find.integer(0);
    const PatientIdentity known{in.patient.patient_id, in.patient.issuer_of_patient_id,
                                find.text(1), find.text(2)};
    const auto difference = identityDifference(known, in.patient);
    if (difference && find.isNull(3)) {
      writer.prepare("UPDATE patients SET identity_conflict = ? WHERE id = ?")
          .bind(1, *difference)
          .bind(2, patient_ref)
          .run();
      result.new_identity_conflict = difference;
    }
    return patient_ref;
  }
  writer
      .prepare(
          "INSERT INTO patients (patient_id, issuer_of_patient_id, patient_name, birth_date, "
          "created_at) VALUES (?, ?, ?, ?, ?)")
      .bind(1, in.patient.patient_id)
      .bind(2, in.patient.issuer_of_patient_id)
      .bind(3, in.patient.patient_name)
      .bind(4, in.patient.birth_date)
      .bind(5, in.received_at)
      .run();
  return writer.lastInsertRowId();
}

std::int64_t findOrAddStudy(Database::Writer& writer, const IncomingInstance& in,
                            std::int64_t patient_ref) {
  auto find = writer.prepare("SELECT id FROM studies WHERE study_instance_uid = ?");
  find.bind(1, in.study.study_instance_uid);
  if (find.step()) return find.integer(0);
  writer
      .prepare(
          "INSERT INTO studies (patient_ref, study_instance_uid, study_date, study_time, "
          "accession_number, study_description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, patient_ref)
      .bind(2, in.study.study_instance_uid)
      .bind(3, in.study.study_date)
      .bind(4, in.study.study_time)
      .bind(5, in.study.accession_number)
      .bind(6, in.study.study_description)
      .bind(7, in.received_at)
      .run();
  return writer.lastInsertRowId();
}

// The instance's series, counting the instance: a known series is (re-)opened for receiving, a
// new one takes its attributes from this first instance.
std::int64_t addToSeries(Database::Writer& writer, const IncomingInstance& in,
                         std::int64_t study_ref) {
  auto find = writer.prepare("SELECT id FROM series WHERE series_instance_uid = ?");
  find.bind(1, in.series_instance_uid);
  if (find.step()) {
    const std::int64_t series_ref = find.integer(0);
    writer
        .prepare(
            "UPDATE series SET instance_count = instance_count + 1, "
            "last_instance_at = max(last_instance_at, ?), state = 'receiving' WHERE id = ?")
        .bind(1, in.received_at)
        .bind(2, series_ref)
        .run();
    return series_ref;
  }
  const SeriesAttributes& s = in.series;
  writer
      .prepare(
          "INSERT INTO series (study_ref, series_instance_uid, modality, series_description, "
          "protocol_name, contrast_bolus_agent, image_type, scanning_sequence, sequence_variant, "
          "mr_acquisition_type, repetition_time_ms, echo_time_ms, inversion_time_ms, "
          "slice_thickness_mm, series_number, instance_count, last_instance_at, state) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 'receiving')")
      .bind(1, study_ref)
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
  return writer.lastInsertRowId();
}

// Throws DatabaseError (a UNIQUE constraint) when the SOP Instance UID is indexed already.
void insertInstance(Database::Writer& writer, const IncomingInstance& in, std::int64_t series_ref) {
  writer
      .prepare(
          "INSERT INTO instances (series_ref, sop_instance_uid, sop_class_uid, "
          "transfer_syntax_uid, instance_number, file_path, file_size, received_at, "
          "association_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, series_ref)
      .bind(2, in.sop_instance_uid)
      .bind(3, in.sop_class_uid)
      .bind(4, in.transfer_syntax_uid)
      .bind(5, in.instance_number)
      .bind(6, in.file_path)
      .bind(7, in.file_size)
      .bind(8, in.received_at)
      .bind(9, in.association_ref)
      .run();
}

void countInstanceOfAssociation(Database::Writer& writer, std::int64_t association_ref) {
  writer.prepare("UPDATE associations SET instances_received = instances_received + 1 WHERE id = ?")
      .bind(1, association_ref)
      .run();
}

std::int64_t countOf(Database& database, const char* sql) {
  auto reader = database.read();
  auto count = reader.prepare(sql);
  count.step();
  return count.integer(0);
}

}  // namespace

IngestStore::IngestStore(Database& database) : database_(database) {
  auto reader = database_.read();
  auto listed = reader.prepare("SELECT directory FROM recent_instance_directories");
  while (listed.step()) recent_directories_.emplace(listed.text(0), 0);
}

std::optional<std::string> IngestStore::instanceFilePath(const std::string& sop_instance_uid) {
  auto reader = database_.read();
  auto query = reader.prepare("SELECT file_path FROM instances WHERE sop_instance_uid = ?");
  query.bind(1, sop_instance_uid);
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

IndexedInstance IngestStore::addInstance(const IncomingInstance& in) {
  auto writer = database_.write(Database::Commit::unsynced);
  const IndexedInstance result = addInstance(writer, in);
  writer.commit();
  return result;
}

IndexedInstance IngestStore::addInstance(Database::Writer& writer, const IncomingInstance& in) {
  IndexedInstance result;
  const std::int64_t patient_ref = findOrAddPatient(writer, in, result);
  const std::int64_t study_ref = findOrAddStudy(writer, in, patient_ref);
  result.series_ref = addToSeries(writer, in, study_ref);
  insertInstance(writer, in, result.series_ref);
  if (in.association_ref) countInstanceOfAssociation(writer, *in.association_ref);
  return result;
}

void IngestStore::addInstanceConflict(const std::string& sop_instance_uid,
                                      const std::string& file_path, double received_at,
                                      std::optional<std::int64_t> association_ref) {
  auto writer = database_.write();
  writer
      .prepare(
          "INSERT INTO instance_conflicts (sop_instance_uid, file_path, received_at, "
          "association_ref) VALUES (?, ?, ?, ?)")
      .bind(1, sop_instance_uid)
      .bind(2, file_path)
      .bind(3, received_at)
      .bind(4, association_ref)
      .run();
  writer.commit();
}

std::int64_t IngestStore::instanceCount() {
  return countOf(database_, "SELECT count(*) FROM instances");
}

std::int64_t IngestStore::instanceConflictCount() {
  return countOf(database_, "SELECT count(*) FROM instance_conflicts");
}

IngestStore::DirectoryLease::DirectoryLease(IngestStore& store, std::string directory)
    : store_(&store), directory_(std::move(directory)) {}

IngestStore::DirectoryLease::DirectoryLease(DirectoryLease&& other) noexcept
    : store_(std::exchange(other.store_, nullptr)), directory_(std::move(other.directory_)) {}

IngestStore::DirectoryLease::~DirectoryLease() {
  if (store_) store_->releaseLease(directory_);
}

IngestStore::DirectoryLease IngestStore::leaseInstanceDirectory(const std::string& directory) {
  std::lock_guard lock(leases_mutex_);
  auto [listed, added] = recent_directories_.try_emplace(directory, 0);
  if (added) {
    try {
      // Durable before any file goes into the directory.
      auto writer = database_.write();
      writer.prepare("INSERT OR IGNORE INTO recent_instance_directories VALUES (?)")
          .bind(1, directory)
          .run();
      writer.commit();
    } catch (...) {
      recent_directories_.erase(listed);
      throw;
    }
  }
  ++listed->second;
  return DirectoryLease(*this, directory);
}

void IngestStore::releaseLease(const std::string& directory) {
  std::lock_guard lock(leases_mutex_);
  --recent_directories_.at(directory);
}

void IngestStore::syncRecentInstances() {
  std::lock_guard lock(leases_mutex_);
  std::vector<std::string> unleased;
  for (const auto& [directory, leases] : recent_directories_) {
    if (leases == 0) unleased.push_back(directory);
  }
  if (unleased.empty()) return;
  auto writer = database_.write();
  for (const auto& directory : unleased) {
    writer.prepare("DELETE FROM recent_instance_directories WHERE directory = ?")
        .bind(1, directory)
        .run();
  }
  // A durable commit syncs the write-ahead log, and with it every commit before it, so the
  // instances of the unleased directories are durable together with their unlisting.
  writer.commit();
  for (const auto& directory : unleased) recent_directories_.erase(directory);
}

std::vector<std::string> IngestStore::recentInstanceDirectories() {
  auto reader = database_.read();
  auto listed =
      reader.prepare("SELECT directory FROM recent_instance_directories ORDER BY directory");
  std::vector<std::string> result;
  while (listed.step()) result.push_back(listed.text(0));
  return result;
}

std::int64_t IngestStore::recordAssociationStart(const AssociationRecord& association) {
  auto writer = database_.write();
  writer
      .prepare(
          "INSERT INTO associations (calling_ae, called_ae, peer_address, started_at, outcome) "
          "VALUES (?, ?, ?, ?, 'open')")
      .bind(1, association.calling_ae)
      .bind(2, association.called_ae)
      .bind(3, association.peer_address)
      .bind(4, association.started_at)
      .run();
  const std::int64_t id = writer.lastInsertRowId();
  writer.commit();
  return id;
}

void IngestStore::recordAssociationEnd(std::int64_t id, const std::string& outcome,
                                       double ended_at) {
  auto writer = database_.write();
  writer.prepare("UPDATE associations SET outcome = ?, ended_at = ? WHERE id = ?")
      .bind(1, outcome)
      .bind(2, ended_at)
      .bind(3, id)
      .run();
  writer.commit();
}

void IngestStore::recordRefusedAssociation(const AssociationRecord& association) {
  auto writer = database_.write();
  writer
      .prepare(
          "INSERT INTO associations (calling_ae, called_ae, peer_address, started_at, ended_at, "
          "outcome) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, association.calling_ae)
      .bind(2, association.called_ae)
      .bind(3, association.peer_address)
      .bind(4, association.started_at)
      .bind(5, association.started_at)
      .bind(6, association.outcome)
      .run();
  writer.commit();
}

int IngestStore::closeInterruptedAssociations(double now) {
  auto writer = database_.write();
  writer
      .prepare(
          "UPDATE associations SET outcome = 'interrupted', ended_at = ? WHERE outcome = 'open'")
      .bind(1, now)
      .run();
  const int closed = writer.changes();
  writer.commit();
  return closed;
}

}  // namespace everynet::storage
