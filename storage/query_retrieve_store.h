#pragma once

#include <vector>

#include "storage/query_records.h"

namespace everynet::storage {

class Database;

// What the DICOM Query/Retrieve SCP reads (C-FIND, C-MOVE, C-GET): candidate rows, one per
// patient (ID and issuer), study, series or instance that holds a visible instance of the scope
// (see QueryScope), with the counts of its visible studies, series and instances. Patients by
// Patient ID, studies by date, series by number, instances by number. The caller matches the
// other keys. Thread-safe.
class QueryRetrieveStore {
 public:
  explicit QueryRetrieveStore(Database& database) : database_(database) {}

  std::vector<PatientQueryRow> queryPatients(const QueryScope& scope);
  std::vector<StudyQueryRow> queryStudies(const QueryScope& scope);
  std::vector<SeriesQueryRow> querySeries(const QueryScope& scope);
  // Also what a C-MOVE or C-GET sends: the rows carry each instance's file.
  std::vector<InstanceQueryRow> queryInstances(const QueryScope& scope);

 private:
  Database& database_;
};

}  // namespace everynet::storage
