#pragma once

#include <cstdint>
#include <filesystem>

#include "dicom/instance_header.h"
#include "storage/ingest_records.h"

namespace everynet::service {

// What the index records of an instance whose file is stored at `file_path` (relative to the data
// directory): a received one (InstanceStore) or a job's result (JobRunner).
storage::IncomingInstance incomingInstance(const dicom::InstanceHeader& header,
                                           const std::filesystem::path& file_path,
                                           std::int64_t file_size, double received_at);

}  // namespace everynet::service
