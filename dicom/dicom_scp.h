#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "dicom/dimse_status.h"
#include "dicom/instance_header.h"
#include "dicom/query/query_retrieve_handler.h"

namespace everynet::dicom {

struct AssociationRequest {
  std::string calling_ae;
  std::string called_ae;
  std::string peer_address;  // IP address of the caller
};

enum class AssociationEnd { released, aborted, failed };

// Receives what one accepted association sends. Called from that association's thread only.
class AssociationHandler {
 public:
  virtual ~AssociationHandler() = default;
  // Called for each C-STORE whose dataset was read and passed the DICOM-level checks. `file_bytes`
  // is the instance as a DICOM Part 10 file: file meta information, then the dataset's bytes as
  // they arrived, in the received transfer syntax. The response is sent after this returns, so an
  // instance must be stored durably before success is returned.
  virtual StoreResponse onStore(const InstanceHeader& header, std::string_view file_bytes) = 0;
  // Called for a C-STORE that was refused before onStore (malformed dataset), for the audit.
  virtual void onRefusedInstance(const std::string& reason) = 0;
  // Where this association's C-FIND, C-MOVE and C-GET requests go; it outlives the association.
  // Null: they are answered "Unable to process".
  virtual QueryRetrieveHandler* queryRetrieve() = 0;
  virtual void onEnd(AssociationEnd how) = 0;
};

// Why an association is refused; decides the A-ASSOCIATE-RJ reason sent (PS3.8 9.3.4).
struct Refusal {
  enum class Kind { called_ae_not_recognised, calling_ae_not_recognised, calling_host_not_allowed };
  Kind kind;
  std::string reason;  // for the log and the audit
};

// Decides who may associate and makes a handler for each accepted association.
// Called from association threads concurrently: implementations must be thread-safe.
class AssociationGate {
 public:
  virtual ~AssociationGate() = default;
  // Empty: accept. Otherwise the refusal; the gate logs and audits it in onRefused.
  virtual std::optional<Refusal> refusal(const AssociationRequest& request) = 0;
  virtual void onRefused(const AssociationRequest& request, const Refusal& refusal) = 0;
  virtual std::unique_ptr<AssociationHandler> onAccepted(const AssociationRequest& request) = 0;
};

struct DicomScpConfig {
  std::string ae_title = "EVERYNET";
  std::uint16_t port = 11112;
  int max_associations = 16;
  // The whole A-ASSOCIATE-RQ must arrive within this time, however slowly the caller sends.
  std::chrono::seconds acse_timeout{10};
  // Nothing arriving on an association for this long ends it.
  std::chrono::seconds dimse_timeout{60};
  std::uint32_t max_pdu_bytes = 65536;
  int max_nesting_depth = 32;                     // sequences inside sequences in a dataset
  std::uint64_t max_instance_bytes = 1ull << 30;  // a dataset as received, and inflated
};

// C-ECHO, C-STORE and Query/Retrieve (C-FIND, C-MOVE, C-GET in the Patient Root and Study Root
// models) SCP on one AE title and port: one thread accepts connections, and each connection gets
// a thread of its own that reads its association request and serves it; up to max_associations
// at once (more are rejected with "local limit exceeded").
class DicomScp {
 public:
  DicomScp(DicomScpConfig config, AssociationGate& gate);
  ~DicomScp();
  DicomScp(const DicomScp&) = delete;
  DicomScp& operator=(const DicomScp&) = delete;

  // Opens the port; throws std::runtime_error naming the port if it cannot.
  void open();
  // Serves until stop(); returns after every association thread has finished.
  void serve();
  // Thread-safe; serve() returns within about a second.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace everynet::dicom
