#include "dicom/dicom_scp.h"

#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/dul.h>
#include <netinet/in.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "dicom/internal/association.h"
#include "dicom/internal/connection_handoff.h"
#include "dicom/internal/handshake_deadlines.h"
#include "dicom/network_text.h"

namespace everynet::dicom {
namespace {

// Connections whose association request is still being read, besides the open associations;
// past this many a new connection is closed at once, so a flood of silent connections costs a
// bounded number of threads.
constexpr std::size_t kMaxPendingRequests = 64;

int listenOn(std::uint16_t port) {
  const int socket = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (socket < 0) throw std::runtime_error(std::string("cannot open a socket: ") + strerror(errno));
  const int reuse = 1;
  ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = htons(port);
  if (::bind(socket, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(socket, SOMAXCONN) != 0) {
    const std::string reason = strerror(errno);
    ::close(socket);
    throw std::runtime_error("cannot listen on DICOM port " + std::to_string(port) + ": " + reason);
  }
  return socket;
}

// A-ASSOCIATE-RJ, transient (the caller may try again later), local limit exceeded (PS3.8
// 9.3.4), and a log line naming the caller and the setting.
void rejectForLimit(T_ASC_Association* association, int open_associations, int limit) {
  const auto& request = association->params->DULparams;
  spdlog::warn(
      "DICOM: refused an association from '{}' at {}: {} associations already open "
      "(dicom.max_associations = {})",
      escapedForLog(request.callingAPTitle), escapedForLog(request.callingPresentationAddress),
      open_associations, limit);
  T_ASC_RejectParameters reject{ASC_RESULT_REJECTEDTRANSIENT,
                                ASC_SOURCE_SERVICEPROVIDER_PRESENTATION_RELATED,
                                ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED};
  ASC_rejectAssociation(association, &reject);
  ASC_dropAssociation(association);
  ASC_destroyAssociation(&association);
}

}  // namespace

class DicomScp::Impl {
 public:
  Impl(DicomScpConfig config, AssociationGate& gate) : config_(std::move(config)), gate_(gate) {
    // Peers are known by IP address (the allow-list is resolved at start); no reverse DNS lookup
    // on every association.
    dcmDisableGethostbyaddr.set(OFTrue);
  }

  ~Impl() {
    stop();
    joinAll();
    if (listen_socket_ >= 0) ::close(listen_socket_);
  }

  void open() { listen_socket_ = listenOn(config_.port); }

  void serve() {
    if (listen_socket_ < 0) open();
    while (!stopping_) {
      pollfd listening{listen_socket_, POLLIN, 0};
      // One-second poll so that stop() and request deadlines are noticed.
      const int ready = ::poll(&listening, 1, 1000);
      expireRequests();
      reapFinished();
      if (ready > 0 && (listening.revents & POLLIN)) accept();
    }
    // Requests still arriving are not waited for.
    deadlines_.expire(internal::HandshakeDeadlines::Clock::time_point::max());
    joinAll();
  }

  void stop() { stopping_ = true; }

 private:
  struct Running {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  void accept() {
    const int socket = ::accept4(listen_socket_, nullptr, nullptr, SOCK_CLOEXEC);
    if (socket < 0) {
      if (errno == EMFILE || errno == ENFILE) {
        spdlog::warn("DICOM: cannot accept a connection: {}", strerror(errno));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      return;
    }
    const auto deadline = internal::HandshakeDeadlines::Clock::now() + config_.acse_timeout;
    if (!deadlines_.start(socket, deadline, kMaxPendingRequests)) {
      spdlog::warn(
          "DICOM: closed a connection: {} others have not sent their association "
          "request yet",
          kMaxPendingRequests);
      ::close(socket);
      return;
    }
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread thread([this, socket, done] {
      try {
        runConnection(socket);
      } catch (const std::exception& error) {
        spdlog::error("DICOM: association thread failed: {}", escapedForLog(error.what()));
      }
      *done = true;
    });
    std::lock_guard lock(mutex_);
    running_.push_back({std::move(thread), std::move(done)});
  }

  void runConnection(int socket) {
    internal::IncomingAssociation request(socket, timeoutSeconds(config_.acse_timeout),
                                          config_.max_pdu_bytes);
    deadlines_.finish(socket);
    if (request.condition().bad()) {
      spdlog::warn("DICOM: an association request could not be read: {}",
                   escapedForLog(request.condition().text()));
      return;
    }
    T_ASC_Association* association = request.takeAssociation();
    const int open = ++active_;
    if (open > config_.max_associations) {
      --active_;
      rejectForLimit(association, open - 1, config_.max_associations);
      return;
    }
    internal::runAssociation(association, gate_, config_);
    --active_;
  }

  void expireRequests() {
    const std::size_t expired = deadlines_.expire(internal::HandshakeDeadlines::Clock::now());
    if (expired > 0) {
      spdlog::warn(
          "DICOM: closed {} connection(s) whose association request did not arrive "
          "within acse_timeout_seconds ({} s)",
          expired, config_.acse_timeout.count());
    }
  }

  static int timeoutSeconds(std::chrono::seconds timeout) {
    return static_cast<int>(timeout.count());
  }

  void reapFinished() {
    std::lock_guard lock(mutex_);
    running_.remove_if([](Running& r) {
      if (!*r.done) return false;
      r.thread.join();
      return true;
    });
  }

  void joinAll() {
    std::lock_guard lock(mutex_);
    for (auto& r : running_) r.thread.join();
    running_.clear();
  }

  DicomScpConfig config_;
  AssociationGate& gate_;
  int listen_socket_ = -1;
  internal::HandshakeDeadlines deadlines_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> active_{0};
  std::mutex mutex_;
  std::list<Running> running_;
};

DicomScp::DicomScp(DicomScpConfig config, AssociationGate& gate)
    : impl_(std::make_unique<Impl>(std::move(config), gate)) {}

DicomScp::~DicomScp() = default;

void DicomScp::open() {
  impl_->open();
}

void DicomScp::serve() {
  impl_->serve();
}

void DicomScp::stop() {
  impl_->stop();
}

}  // namespace everynet::dicom
