#pragma once

#include <dcmtk/dcmnet/dcmlayer.h>
#include <dcmtk/dcmnet/dcmtrans.h>

#include <cstdint>
#include <functional>

#include "dicom/internal/pdu_stream_check.h"

namespace everynet::dicom::internal {

// A TCP connection that checks every byte it reads with a PduStreamCheck before DCMTK sees it;
// once the stream breaks a rule, reading fails, the association ends, and the reason is logged.
class InspectedConnection : public DcmTCPConnection {
 public:
  InspectedConnection(DcmNativeSocketType socket, std::uint32_t max_data_pdu_bytes);
  ssize_t read(void* buffer, size_t length) override;

 private:
  PduStreamCheck check_;
  bool broken_ = false;
};

// Makes an InspectedConnection of each connection a network accepts; `on_connection` is called
// first, in the thread that reads the association request.
class InspectingTransportLayer : public DcmTransportLayer {
 public:
  InspectingTransportLayer(std::uint32_t max_data_pdu_bytes, std::function<void()> on_connection)
      : max_data_pdu_(max_data_pdu_bytes), on_connection_(std::move(on_connection)) {}
  DcmTransportConnection* createConnection(DcmNativeSocketType socket,
                                           OFBool use_secure_layer) override;

 private:
  std::uint32_t max_data_pdu_;
  std::function<void()> on_connection_;
};

}  // namespace everynet::dicom::internal
