#include "dicom/internal/connection_handoff.h"

#include <dcmtk/dcmnet/dul.h>
#include <unistd.h>

#include <mutex>

namespace everynet::dicom::internal {
namespace {

// DCMTK reads an association request from a socket it accepted itself, or from the one socket
// that the process-wide dcmExternalSocketHandle names. So a thread names its socket there under
// this lock, and lets go as soon as DCMTK has taken it: DCMTK asks the network's transport layer
// for a connection on it right after reading the global, before it reads the request.
std::mutex handoff_mutex;
thread_local std::unique_lock<std::mutex>* handoff_lock = nullptr;

void releaseHandoff() {
  if (handoff_lock && handoff_lock->owns_lock()) {
    dcmExternalSocketHandle.set(-1);
    handoff_lock->unlock();
  }
}

}  // namespace

IncomingAssociation::IncomingAssociation(int socket, int read_timeout_seconds,
                                         std::uint32_t max_pdu)
    : transport_(max_pdu, releaseHandoff) {
  std::unique_lock lock(handoff_mutex);
  handoff_lock = &lock;
  // With the global set, the network opens no listening socket of its own either.
  dcmExternalSocketHandle.set(socket);
  condition_ = ASC_initializeNetwork(NET_ACCEPTOR, 0, read_timeout_seconds, &network_);
  if (condition_.good()) condition_ = ASC_setTransportLayer(network_, &transport_, 0);
  if (condition_.good()) {
    condition_ = ASC_receiveAssociation(network_, &association_, max_pdu, nullptr, nullptr, OFFalse,
                                        DUL_BLOCK, read_timeout_seconds);
  }
  const bool taken = !lock.owns_lock();
  releaseHandoff();
  handoff_lock = nullptr;
  if (!taken) untaken_socket_ = socket;
}

IncomingAssociation::~IncomingAssociation() {
  if (association_) {
    ASC_dropAssociation(association_);
    ASC_destroyAssociation(&association_);
  }
  if (network_) ASC_dropNetwork(&network_);
  if (untaken_socket_ >= 0) ::close(untaken_socket_);
}

T_ASC_Association* IncomingAssociation::takeAssociation() {
  T_ASC_Association* taken = association_;
  association_ = nullptr;
  return taken;
}

}  // namespace everynet::dicom::internal
