#include "dicom/internal/pdu_stream_check.h"

#include <fmt/format.h>

#include <algorithm>

#include "dicom/internal/element_walk.h"

namespace everynet::dicom::internal {
namespace {

constexpr std::uint8_t kDataPdu = 0x04;
// An A-ASSOCIATE-RQ with a few hundred presentation contexts stays far below this.
constexpr std::uint64_t kMaxOtherPduBytes = 1u << 20;
// Command sets are a few hundred bytes: group 0000 elements only.
constexpr std::size_t kMaxCommandBytes = 64u << 10;
// A response's dataset is a status detail of a few elements. DCMTK parses it in memory,
// recursively: this bound also bounds its nesting far below what a thread's stack holds.
constexpr std::size_t kMaxResponseDatasetBytes = 16u << 10;
constexpr std::uint16_t kNoDataset = 0x0101;

// The US value of a command element (group 0000) in a well-formed command set.
std::optional<std::uint16_t> commandValue(std::string_view command, std::uint16_t element) {
  for (std::size_t at = 0; at + 8 <= command.size();) {
    auto u16 = [&](std::size_t i) {
      return static_cast<std::uint16_t>(static_cast<unsigned char>(command[i]) |
                                        static_cast<unsigned char>(command[i + 1]) << 8);
    };
    const std::uint32_t length = u16(at + 4) | static_cast<std::uint32_t>(u16(at + 6)) << 16;
    if (u16(at) == 0x0000 && u16(at + 2) == element && length == 2 && at + 10 <= command.size()) {
      return u16(at + 8);
    }
    at += 8 + std::size_t{length};
  }
  return std::nullopt;
}

std::uint32_t bigEndian32(std::string_view bytes) {
  std::uint32_t value = 0;
  for (const char c : bytes.substr(0, 4)) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

}  // namespace

std::optional<std::string> PduStreamCheck::feed(std::string_view bytes) {
  while (!bytes.empty() && !broken_) {
    if (reading_ == Reading::pdu_header || reading_ == Reading::pdv_header) {
      const std::size_t take = std::min(bytes.size(), 6 - header_.size());
      header_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (header_.size() < 6) continue;
      broken_ = reading_ == Reading::pdu_header ? startPdu() : startPdv();
      header_.clear();
    } else if (reading_ == Reading::pdu_body) {
      const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), pdu_left_));
      pdu_left_ -= take;
      bytes.remove_prefix(take);
      if (pdu_left_ == 0) reading_ = Reading::pdu_header;
    } else {
      const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), pdv_left_));
      if (pdv_is_command_) {
        if (command_.size() + take > kMaxCommandBytes) {
          broken_ = fmt::format("a command set longer than {} bytes", kMaxCommandBytes);
          break;
        }
        command_.append(bytes.substr(0, take));
      } else if (response_dataset_bytes_) {
        *response_dataset_bytes_ += take;
        if (*response_dataset_bytes_ > kMaxResponseDatasetBytes) {
          broken_ =
              fmt::format("a response's dataset longer than {} bytes", kMaxResponseDatasetBytes);
          break;
        }
      }
      pdv_left_ -= take;
      pdu_left_ -= take;
      bytes.remove_prefix(take);
      if (pdv_left_ == 0) broken_ = endPdv();
    }
  }
  return broken_;
}

std::optional<std::string> PduStreamCheck::startPdu() {
  const auto type = static_cast<std::uint8_t>(header_[0]);
  pdu_left_ = bigEndian32(std::string_view(header_).substr(2));
  if (type < 0x01 || type > 0x07) return fmt::format("PDU of unknown type {:#04x}", type);
  if (type != kDataPdu) {
    if (pdu_left_ > kMaxOtherPduBytes) {
      return fmt::format("PDU of type {:#04x} declares {} bytes", type, pdu_left_);
    }
    reading_ = pdu_left_ == 0 ? Reading::pdu_header : Reading::pdu_body;
    return std::nullopt;
  }
  if (pdu_left_ > max_data_pdu_) {
    return fmt::format("P-DATA-TF of {} bytes, over the maximum of {} we announced", pdu_left_,
                       max_data_pdu_);
  }
  if (pdu_left_ == 0) return "P-DATA-TF without PDV items";
  reading_ = Reading::pdv_header;
  return std::nullopt;
}

std::optional<std::string> PduStreamCheck::startPdv() {
  const std::uint32_t item_length = bigEndian32(header_);
  if (item_length < 2 || 4ull + item_length > pdu_left_) {
    return fmt::format("PDV item of length {} does not fit its P-DATA-TF", item_length);
  }
  const auto control = static_cast<std::uint8_t>(header_[5]);
  pdv_is_command_ = (control & 0x01) != 0;
  pdv_is_last_ = (control & 0x02) != 0;
  pdu_left_ -= 6;
  pdv_left_ = item_length - 2;
  reading_ = Reading::pdv_body;
  if (pdv_left_ == 0) return endPdv();
  return std::nullopt;
}

std::optional<std::string> PduStreamCheck::endPdv() {
  reading_ = pdu_left_ == 0 ? Reading::pdu_header : Reading::pdv_header;
  if (!pdv_is_last_) return std::nullopt;
  if (!pdv_is_command_) {
    response_dataset_bytes_.reset();
    return std::nullopt;
  }
  const std::string command = std::move(command_);
  command_.clear();
  // Implicit VR Little Endian (PS3.7 6.3.1); any element of undefined length counts as a
  // sequence, and none is allowed.
  const auto malformed = walkElements(command, ElementEncoding::implicit_little, {0},
                                      [](std::uint16_t, std::uint16_t) { return false; });
  if (!malformed) {
    const bool response = (commandValue(command, 0x0100).value_or(0) & 0x8000) != 0;
    if (response && commandValue(command, 0x0800).value_or(kNoDataset) != kNoDataset) {
      response_dataset_bytes_ = 0;
    }
    return std::nullopt;
  }
  if (malformed->find("max_nesting_depth") != std::string::npos) {
    return "a command set holds a sequence";
  }
  return "a malformed command set: " + *malformed;
}

}  // namespace everynet::dicom::internal
