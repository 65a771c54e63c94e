#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace everynet::dicom::internal {

// Follows the PDUs a peer sends (PS3.8 9.3) as the bytes arrive, in pieces of any size, and says
// when the stream breaks a rule that DCMTK would otherwise meet unprepared: a PDU type that does
// not exist, a P-DATA-TF longer than the maximum we announced, PDV items that do not fill their
// PDU, or a command set that is too large or holds sequences. DCMTK parses a command set
// recursively, so a deeply nested one would exhaust the thread's stack: command sets carry no
// sequences at all (PS3.7 E.1), and none reaches DCMTK. Nor does a response's dataset (a status
// detail, which DCMTK parses in memory) larger than a few kilobytes.
class PduStreamCheck {
 public:
  explicit PduStreamCheck(std::uint32_t max_data_pdu_bytes) : max_data_pdu_(max_data_pdu_bytes) {}

  // Takes the next bytes of the stream; the reason once it breaks a rule (and from then on).
  std::optional<std::string> feed(std::string_view bytes);

 private:
  std::optional<std::string> startPdu();
  std::optional<std::string> startPdv();
  std::optional<std::string> endPdv();

  enum class Reading { pdu_header, pdu_body, pdv_header, pdv_body };

  std::uint32_t max_data_pdu_;
  Reading reading_ = Reading::pdu_header;
  std::string header_;          // the header being read (PDU: 6 bytes, PDV: 6 bytes)
  std::uint64_t pdu_left_ = 0;  // bytes of the current PDU's body still to come
  std::uint64_t pdv_left_ = 0;  // bytes of the current PDV's data still to come
  bool pdv_is_command_ = false;
  bool pdv_is_last_ = false;
  std::string command_;                                  // the command set being received
  std::optional<std::uint64_t> response_dataset_bytes_;  // received of a response's dataset
  std::optional<std::string> broken_;
};

}  // namespace everynet::dicom::internal
