#include "dicom/store_scp.h"

#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/dul.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "dicom/internal/accepted_syntaxes.h"
#include "dicom/internal/association_worker.h"

namespace everynet::dicom {

class StoreScp::Impl {
 public:
  Impl(StoreScpConfig config, AssociationGate& gate) : config_(std::move(config)), gate_(gate) {
    // Peers are known by IP address (the allow-list is resolved at start); no reverse DNS lookup
    // on every association.
    dcmDisableGethostbyaddr.set(OFTrue);
  }

  ~Impl() {
    stop();
    joinAll();
    if (network_) ASC_dropNetwork(&network_);
  }

  void open() {
    const OFCondition opened = ASC_initializeNetwork(
        NET_ACCEPTOR, config_.port, static_cast<int>(config_.acse_timeout.count()), &network_);
    if (opened.bad()) {
      throw std::runtime_error("cannot listen on DICOM port " + std::to_string(config_.port) +
                               ": " + opened.text());
    }
  }

  void serve() {
    if (!network_) open();
    while (!stopping_) {
      T_ASC_Association* association = nullptr;
      // One-second poll so stop() is noticed; accepting is otherwise immediate.
      const OFCondition received = ASC_receiveAssociation(
          network_, &association, config_.max_pdu_bytes, nullptr, nullptr, OFFalse, DUL_NOBLOCK, 1);
      reapFinished();
      if (received == DUL_NOASSOCIATIONREQUEST) {
        ASC_destroyAssociation(&association);
        continue;
      }
      if (received.bad()) {
        spdlog::warn("DICOM: an association request could not be read: {}", received.text());
        ASC_dropAssociation(association);
        ASC_destroyAssociation(&association);
        continue;
      }
      if (active_ >= config_.max_associations) {
        spdlog::warn(
            "DICOM: refused an association: {} associations already open (max_associations)",
            active_.load());
        T_ASC_RejectParameters reject{ASC_RESULT_REJECTEDTRANSIENT,
                                      ASC_SOURCE_SERVICEPROVIDER_PRESENTATION_RELATED,
                                      ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED};
        ASC_rejectAssociation(association, &reject);
        ASC_dropAssociation(association);
        ASC_destroyAssociation(&association);
        continue;
      }
      start(association);
    }
    joinAll();
  }

  void stop() { stopping_ = true; }

 private:
  struct Running {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  void start(T_ASC_Association* association) {
    ++active_;
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread thread([this, association, done] {
      try {
        internal::runAssociation(association, gate_, config_);
      } catch (const std::exception& error) {
        spdlog::error("DICOM: association thread failed: {}", error.what());
      }
      --active_;
      *done = true;
    });
    std::lock_guard lock(mutex_);
    running_.push_back({std::move(thread), std::move(done)});
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

  StoreScpConfig config_;
  AssociationGate& gate_;
  T_ASC_Network* network_ = nullptr;
  std::atomic<bool> stopping_{false};
  std::atomic<int> active_{0};
  std::mutex mutex_;
  std::list<Running> running_;
};

StoreScp::StoreScp(StoreScpConfig config, AssociationGate& gate)
    : impl_(std::make_unique<Impl>(std::move(config), gate)) {}

StoreScp::~StoreScp() = default;

void StoreScp::open() {
  impl_->open();
}

void StoreScp::serve() {
  impl_->serve();
}

void StoreScp::stop() {
  impl_->stop();
}

}  // namespace everynet::dicom
