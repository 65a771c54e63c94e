#pragma once

#include <dcmtk/dcmdata/dcxfer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "dicom/dicom_scp.h"
#include "dicom/dimse_status.h"
#include "dicom/instance_header.h"

class DcmDataset;

namespace everynet::dicom::internal {

// What a received dataset may be before DCMTK parses it. DCMTK's parser recurses once per
// sequence level and allocates what a length declares, so both are bounded here first.
struct DatasetLimits {
  int max_nesting_depth = 32;               // sequences inside sequences
  std::uint64_t max_bytes = 1024ull << 20;  // as received and, when deflated, inflated
};

DatasetLimits datasetLimits(const DicomScpConfig& config);

// Why a received dataset is refused: the status to answer with and the reason for the log.
struct DatasetRefusal {
  StoreStatus status = StoreStatus::cannot_understand;
  std::string reason;
};

// Walks the dataset's elements without recursion and without DCMTK: every length within what
// encloses it, sequences and items closed, nesting and size within the limits. A deflated
// dataset is inflated into `inflated` (at most limits.max_bytes) and that is walked.
std::optional<DatasetRefusal> screenDataset(std::string_view bytes, E_TransferSyntax xfer,
                                            const DatasetLimits& limits, std::string& inflated);

// Screens, then parses the dataset into `dataset` (up to its Pixel Data, which we never need
// parsed). Empty: parsed.
std::optional<DatasetRefusal> parseReceivedDataset(std::string_view bytes, E_TransferSyntax xfer,
                                                   const DatasetLimits& limits,
                                                   DcmDataset& dataset);

// A C-STORE's dataset through every check a received instance passes before it is stored:
// screening, parsing, and the header we index (UIDs present, valid and matching the command's).
std::variant<InstanceHeader, DatasetRefusal> acceptInstance(std::string_view dataset_bytes,
                                                            E_TransferSyntax xfer,
                                                            const std::string& command_sop_class,
                                                            const std::string& command_sop_instance,
                                                            const DatasetLimits& limits);

}  // namespace everynet::dicom::internal
