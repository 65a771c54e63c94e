#include "dicom/internal/inspected_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>
#include <string_view>

namespace everynet::dicom::internal {
namespace {

std::string peerAddress(DcmNativeSocketType socket) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  char text[INET_ADDRSTRLEN] = "unknown";
  if (::getpeername(socket, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    ::inet_ntop(AF_INET, &address.sin_addr, text, sizeof text);
  }
  return text;
}

}  // namespace

InspectedConnection::InspectedConnection(DcmNativeSocketType socket,
                                         std::uint32_t max_data_pdu_bytes)
    : DcmTCPConnection(socket), check_(max_data_pdu_bytes) {}

ssize_t InspectedConnection::read(void* buffer, size_t length) {
  if (broken_) {
    errno = EPROTO;
    return -1;
  }
  const ssize_t count = DcmTCPConnection::read(buffer, length);
  if (count <= 0) return count;
  if (const auto reason = check_.feed(std::string_view(static_cast<const char*>(buffer), count))) {
    broken_ = true;
    spdlog::warn("DICOM: connection from {} closed: {}", peerAddress(getSocket()), *reason);
    errno = EPROTO;
    return -1;
  }
  return count;
}

DcmTransportConnection* InspectingTransportLayer::createConnection(DcmNativeSocketType socket,
                                                                   OFBool use_secure_layer) {
  if (on_connection_) on_connection_();
  if (use_secure_layer) return nullptr;
  return new InspectedConnection(socket, max_data_pdu_);
}

}  // namespace everynet::dicom::internal
