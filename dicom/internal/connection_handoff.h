#pragma once

#include <dcmtk/dcmnet/assoc.h>

#include <cstdint>

#include "dicom/internal/inspected_connection.h"

namespace everynet::dicom::internal {

// An association request read from a connection that we accepted ourselves, so that a caller
// who sends nothing, or sends slowly, holds up only its own thread, never the accept loop.
// Owns what DCMTK made for it until the association is taken.
class IncomingAssociation {
 public:
  // Reads the A-ASSOCIATE-RQ from `socket` (a connected TCP socket, owned from here on and
  // closed no sooner than this object is destroyed) through an InspectedConnection, each read
  // waiting at most `read_timeout_seconds`; `max_pdu` is the largest P-DATA-TF we take. A deadline
  // for the whole request is the caller's: shutting the socket down ends the wait.
  IncomingAssociation(int socket, int read_timeout_seconds, std::uint32_t max_pdu);
  ~IncomingAssociation();
  IncomingAssociation(const IncomingAssociation&) = delete;
  IncomingAssociation& operator=(const IncomingAssociation&) = delete;

  const OFCondition& condition() const { return condition_; }
  // The association, once the request was read (condition good), for the caller to negotiate,
  // drop and destroy; this object then only keeps the network it came on until destroyed.
  T_ASC_Association* takeAssociation();

 private:
  InspectingTransportLayer transport_;  // outlives the network and the connection it made
  T_ASC_Network* network_ = nullptr;
  T_ASC_Association* association_ = nullptr;
  OFCondition condition_;
  int untaken_socket_ = -1;  // the socket, when DCMTK never took it over
};

}  // namespace everynet::dicom::internal
