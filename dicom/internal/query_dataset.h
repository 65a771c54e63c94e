#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dicom/query/identifier_validation.h"
#include "dicom/query/query_retrieve_handler.h"

class DcmDataset;

namespace everynet::dicom::internal {

// Reads a received C-FIND/C-MOVE/C-GET identifier, its text values converted to UTF-8 from its
// Specific Character Set (an identifier without one is taken as it is). Sequences are left out:
// we neither match nor return them. Throws std::runtime_error when the character set is unknown
// or a value cannot be converted.
RawIdentifier readIdentifier(const DcmDataset& identifier);

// A C-FIND answer: Specific Character Set, Query/Retrieve Level, and every key of the request in
// tag order with the match's value (zero length when it has none). Retrieve AE Title, when asked
// for, is ours. The answer is in the request's character set when every value can be encoded in
// it, else in UTF-8 (ISO_IR 192); Specific Character Set is always present (zero length for the
// default repertoire).
std::unique_ptr<DcmDataset> findResponseIdentifier(const QueryRequest& request,
                                                   const QueryMatch& match,
                                                   const std::string& retrieve_ae_title);

// The identifier of a final C-MOVE/C-GET response that lists the instances not sent.
std::unique_ptr<DcmDataset> failedInstancesIdentifier(const std::vector<std::string>& sop_uids);

}  // namespace everynet::dicom::internal
