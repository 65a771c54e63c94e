#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace everynet::dicom {

// The peer a Storage SCU associates with, and how long it waits for it.
struct StoreScuConfig {
  std::string calling_ae;  // our AE title
  std::string called_ae;
  std::string host;
  std::uint16_t port = 104;
  // Also the TCP connect timeout, so that an unreachable host is given up on in time.
  std::chrono::seconds acse_timeout{30};
  std::chrono::seconds dimse_timeout{60};  // for each C-STORE response
  std::uint32_t max_pdu_bytes = 65536;
};

// A DICOM Part 10 file to send, with what its index entry says of it (the presentation contexts
// are proposed from these before any file is read).
struct FileToStore {
  std::filesystem::path path;
  std::string sop_class_uid;
  std::string sop_instance_uid;
  std::string transfer_syntax_uid;  // the file's own
};

enum class StoreOutcome {
  success,    // status 0000
  warning,    // status Bxxx: stored, with a remark
  failure,    // refused: a failure status, no presentation context, or a file we cannot send
  not_sent,   // the association could not be set up or broke; the peer may never have seen it
  cancelled,  // stop was requested before it was sent
};
const char* toString(StoreOutcome outcome);

struct StoreResult {
  StoreOutcome outcome = StoreOutcome::not_sent;
  std::optional<std::uint16_t> status;  // the C-STORE response status, when one came
  std::string reason;                   // why, unless success; the peer's Error Comment if any
};

// Called after each file's C-STORE with its position in the files and its result, on the
// calling thread (e.g. to report a C-MOVE's progress). Not called for files never attempted.
using StoreProgress = std::function<void(std::size_t file_index, const StoreResult& result)>;

// Sends the files over one association as a Storage SCU and returns one result per file, in
// order. Proposes, for each SOP class and stored transfer syntax, the stored transfer syntax
// and Explicit and Implicit VR Little Endian; a file goes in its own transfer syntax when the
// peer accepts it, else converted to the one accepted. Checks `stop` between files, so it returns
// within one C-STORE (dimse_timeout at worst) of a stop request. Never throws for what the peer
// or the network does; throws std::invalid_argument when the files need more presentation
// contexts than one association carries (128).
std::vector<StoreResult> storeFiles(const StoreScuConfig& config,
                                    const std::vector<FileToStore>& files,
                                    std::stop_token stop = {}, const StoreProgress& progress = {});

}  // namespace everynet::dicom
