#include "tests/support/raw_dicom_client.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace everynet::test {
namespace {

using Clock = std::chrono::steady_clock;

std::uint16_t readBigEndian16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(bytes[at]) << 8) |
                                    static_cast<unsigned char>(bytes[at + 1]));
}

std::uint32_t readBigEndian32(std::string_view bytes, std::size_t at) {
  return (std::uint32_t{readBigEndian16(bytes, at)} << 16) | readBigEndian16(bytes, at + 2);
}

std::uint16_t readLittleEndian16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at]) |
                                    (static_cast<unsigned char>(bytes[at + 1]) << 8));
}

std::uint32_t readLittleEndian32(std::string_view bytes, std::size_t at) {
  return readLittleEndian16(bytes, at) | (std::uint32_t{readLittleEndian16(bytes, at + 2)} << 16);
}

NodeAnswer answerOfKind(NodeAnswer::Kind kind) {
  NodeAnswer answer;
  answer.kind = kind;
  return answer;
}

// Status and Error Comment of a command set (Implicit VR Little Endian).
NodeAnswer parseResponseCommand(std::string_view command) {
  NodeAnswer answer = answerOfKind(NodeAnswer::Kind::responded);
  bool has_status = false;
  std::size_t at = 0;
  while (at + 8 <= command.size()) {
    const std::uint16_t group = readLittleEndian16(command, at);
    const std::uint16_t element = readLittleEndian16(command, at + 2);
    const std::uint32_t length = readLittleEndian32(command, at + 4);
    at += 8;
    if (length > command.size() - at) return answerOfKind(NodeAnswer::Kind::malformed);
    if (group == 0x0000 && element == 0x0900 && length == 2) {
      answer.status = readLittleEndian16(command, at);
      has_status = true;
    } else if (group == 0x0000 && element == 0x0902) {
      answer.error_comment = std::string(command.substr(at, length));
    }
    at += length;
  }
  return has_status ? answer : answerOfKind(NodeAnswer::Kind::malformed);
}

NodeAnswer parseAssociateAc(std::string_view body) {
  NodeAnswer answer = answerOfKind(NodeAnswer::Kind::associated);
  std::size_t at = 68;  // version, reserved, AE titles, reserved
  while (at + 4 <= body.size()) {
    const auto type = static_cast<std::uint8_t>(body[at]);
    const std::uint16_t length = readBigEndian16(body, at + 2);
    if (length > body.size() - at - 4) return answerOfKind(NodeAnswer::Kind::malformed);
    const std::string_view content = body.substr(at + 4, length);
    if (type == 0x21 && content.size() >= 4 && content[2] == 0) {  // result 0: acceptance
      AcceptedContext context{static_cast<std::uint8_t>(content[0]), {}};
      if (content.size() >= 8 && content[4] == 0x40) {
        context.transfer_syntax = std::string(content.substr(8, readBigEndian16(content, 6)));
        while (!context.transfer_syntax.empty() && context.transfer_syntax.back() == '\0') {
          context.transfer_syntax.pop_back();
        }
      }
      answer.accepted_contexts.push_back(std::move(context));
    } else if (type == 0x50) {
      for (std::size_t sub = 0; sub + 4 <= content.size();) {
        const std::uint16_t sub_length = readBigEndian16(content, sub + 2);
        if (content[sub] == 0x51 && sub_length == 4 && sub + 8 <= content.size()) {
          answer.peer_max_pdu_length = readBigEndian32(content, sub + 4);
        }
        sub += 4 + sub_length;
      }
    }
    at += 4 + length;
  }
  return answer;
}

}  // namespace

std::string describe(const NodeAnswer& answer) {
  switch (answer.kind) {
    case NodeAnswer::Kind::associated:
      return fmt::format("associated ({} contexts accepted)", answer.accepted_contexts.size());
    case NodeAnswer::Kind::rejected:
      return "association rejected";
    case NodeAnswer::Kind::responded:
      return fmt::format("status {:#06x} '{}'", answer.status, answer.error_comment);
    case NodeAnswer::Kind::released:
      return "released";
    case NodeAnswer::Kind::aborted:
      return "aborted";
    case NodeAnswer::Kind::closed:
      return "connection closed";
    case NodeAnswer::Kind::timed_out:
      return "no answer before the deadline";
    case NodeAnswer::Kind::malformed:
      return "an answer we cannot read";
  }
  return "?";
}

RawDicomClient::RawDicomClient(int port, std::chrono::milliseconds timeout) : timeout_(timeout) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
  // The send timeout bounds connect() too on Linux.
  timeval send_timeout{};
  send_timeout.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  send_timeout.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
  const int on = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    ::close(fd_);
    throw std::system_error(error, std::generic_category(), "connect to the DICOM port");
  }
}

RawDicomClient::~RawDicomClient() {
  ::close(fd_);
}

bool RawDicomClient::sendBytes(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

void RawDicomClient::finishSending() {
  ::shutdown(fd_, SHUT_WR);
}

NodeAnswer RawDicomClient::associate(const AssociationProposal& proposal) {
  sendBytes(encodeAssociateRq(proposal));  // a failed send still leaves an answer to read
  return awaitAnswer();
}

bool RawDicomClient::sendMessage(std::uint8_t context_id, std::string_view command,
                                 const std::optional<std::string_view>& dataset,
                                 std::optional<std::uint8_t> dataset_context_id) {
  // A PDV item adds 6 bytes (length, context ID, control header) inside the PDU's limit.
  const std::size_t max_pdu = peer_max_pdu_length_ == 0 ? 65536 : peer_max_pdu_length_;
  const std::size_t max_fragment = max_pdu - 6;
  const auto send_fragments = [&](std::uint8_t id, std::string_view data, std::uint8_t kind) {
    do {
      const std::string_view fragment = data.substr(0, max_fragment);
      data.remove_prefix(fragment.size());
      const std::uint8_t last = data.empty() ? pdu::kLastFragment : 0;
      if (!sendBytes(encodePDataTf(id, kind | last, fragment))) return false;
    } while (!data.empty());
    return true;
  };
  if (!send_fragments(context_id, command, pdu::kCommandFragment)) return false;
  return !dataset || send_fragments(dataset_context_id.value_or(context_id), *dataset, 0);
}

NodeAnswer RawDicomClient::store(std::uint8_t context_id, std::string_view sop_class,
                                 std::string_view sop_instance, std::string_view dataset) {
  sendMessage(context_id, cStoreCommand(1, sop_class, sop_instance), dataset);
  // Even when the send failed, the node may have answered or aborted first.
  return awaitAnswer();
}

NodeAnswer RawDicomClient::echo(std::uint8_t context_id) {
  sendMessage(context_id, cEchoCommand(2), std::nullopt);
  return awaitAnswer();
}

NodeAnswer RawDicomClient::release() {
  sendBytes(encodeReleaseRq());
  return awaitAnswer();
}

RawDicomClient::ReadResult RawDicomClient::readExactly(std::string& out, std::size_t count,
                                                       Clock::time_point deadline) {
  out.resize(count);
  std::size_t have = 0;
  while (have < count) {
    // A deadline already past still looks once at what has arrived.
    const auto left =
        std::max(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()),
                 std::chrono::milliseconds(0));
    pollfd poll_fd{fd_, POLLIN, 0};
    const int ready = ::poll(&poll_fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return ReadResult::timed_out;
    const ssize_t got = ::recv(fd_, out.data() + have, count - have, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return ReadResult::closed;  // end of stream, or reset
    have += static_cast<std::size_t>(got);
  }
  return ReadResult::complete;
}

NodeAnswer RawDicomClient::awaitAnswer() {
  // No answer we expect comes near this size; a larger PDU is the node misbehaving.
  constexpr std::uint32_t kMaxAnswerPdu = 16u << 20;
  const auto deadline = Clock::now() + timeout_;
  std::string header;
  std::string body;
  while (true) {
    ReadResult read = readExactly(header, 6, deadline);
    if (read == ReadResult::complete) {
      const std::uint32_t length = readBigEndian32(header, 2);
      if (length > kMaxAnswerPdu) return answerOfKind(NodeAnswer::Kind::malformed);
      read = readExactly(body, length, deadline);
    }
    if (read == ReadResult::closed) return answerOfKind(NodeAnswer::Kind::closed);
    if (read == ReadResult::timed_out) return answerOfKind(NodeAnswer::Kind::timed_out);
    switch (static_cast<std::uint8_t>(header[0])) {
      case pdu::kAssociateAc: {
        NodeAnswer answer = parseAssociateAc(body);
        peer_max_pdu_length_ = answer.peer_max_pdu_length;
        return answer;
      }
      case pdu::kAssociateRj:
        return answerOfKind(NodeAnswer::Kind::rejected);
      case pdu::kReleaseRp:
        return answerOfKind(NodeAnswer::Kind::released);
      case pdu::kAbort:
        return answerOfKind(NodeAnswer::Kind::aborted);
      case pdu::kPDataTf:
        break;
      default:
        return answerOfKind(NodeAnswer::Kind::malformed);
    }
    for (std::size_t at = 0; at + 6 <= body.size();) {
      const std::uint32_t pdv_length = readBigEndian32(body, at);
      if (pdv_length < 2 || pdv_length > body.size() - at - 4) {
        return answerOfKind(NodeAnswer::Kind::malformed);
      }
      const auto control = static_cast<std::uint8_t>(body[at + 5]);
      const bool is_command = (control & pdu::kCommandFragment) != 0;
      if (is_command) pending_command_.append(body, at + 6, pdv_length - 2);
      at += 4 + pdv_length;
      if (is_command && (control & pdu::kLastFragment) != 0) {
        const std::string command = std::move(pending_command_);
        pending_command_.clear();
        return parseResponseCommand(command);
      }
    }
  }
}

bool RawDicomClient::closedWithin(std::chrono::milliseconds within) {
  const auto deadline = Clock::now() + within;
  std::string dropped;
  while (true) {
    const ReadResult read = readExactly(dropped, 1, deadline);
    if (read == ReadResult::closed) return true;
    if (read == ReadResult::timed_out) return false;
  }
}

std::optional<std::chrono::milliseconds> timeEcho(int port, std::chrono::milliseconds deadline) {
  const auto start = Clock::now();
  try {
    RawDicomClient client(port, deadline);
    AssociationProposal proposal;
    proposal.calling_ae = "ECHO_PROBE";
    proposal.contexts = {{1, uid::kVerification, {uid::kImplicitVrLittleEndian}}};
    const NodeAnswer associated = client.associate(proposal);
    if (associated.kind != NodeAnswer::Kind::associated || associated.accepted_contexts.empty()) {
      return std::nullopt;
    }
    const NodeAnswer echoed = client.echo(1);
    if (echoed.kind != NodeAnswer::Kind::responded || echoed.status != 0) return std::nullopt;
    client.release();
  } catch (const std::system_error&) {
    return std::nullopt;
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  if (took > deadline) return std::nullopt;
  return took;
}

}  // namespace everynet::test
