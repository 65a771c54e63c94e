#pragma once

#include <map>
#include <string>

#include "dicom/query/query_request.h"
#include "storage/query_records.h"

namespace everynet::service {

// The attribute values (UTF-8) of a candidate row: what the index holds of it and of the levels
// above it, and the counts computed for its own level. Pure.
using AttributeValues = std::map<dicom::AttributeTag, std::string>;
AttributeValues valuesOf(const storage::PatientQueryRow& row);
AttributeValues valuesOf(const storage::StudyQueryRow& row);
AttributeValues valuesOf(const storage::SeriesQueryRow& row);
AttributeValues valuesOf(const storage::InstanceQueryRow& row);

// The scope a request restricts the index to: the unique keys (one value or a list) of its level
// and the levels above it; with results_only, result instances only.
storage::QueryScope scopeOf(const dicom::QueryRequest& request, bool results_only);

// True when every matchable key of the request matches the row's value; a key the row has no
// value for (an attribute the index does not hold at this level) is a return key only.
bool matchesRow(const dicom::QueryRequest& request, const AttributeValues& values);

}  // namespace everynet::service
