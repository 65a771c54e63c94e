#include "service/admin/auth/session_store.h"

#include <iterator>

#include "service/admin/auth/crypto.h"

namespace everynet::service::admin {
namespace {

constexpr std::size_t kRandomBytes = 32;

}  // namespace

SessionStore::SessionStore(std::chrono::minutes idle_limit, Clock clock)
    : idle_limit_(idle_limit), clock_(std::move(clock)) {}

Session SessionStore::create() {
  Session session{randomUrlSafeToken(kRandomBytes), randomUrlSafeToken(kRandomBytes)};
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [&](const auto& item) { return expired(item.second, now); });
  sessions_[sha256Hex(session.id)] = Entry{session.csrf_token, now};
  return session;
}

std::optional<Session> SessionStore::resume(std::string_view id) {
  const std::string key = sha256Hex(id);
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  const auto found = sessions_.find(key);
  if (found == sessions_.end()) return std::nullopt;
  if (expired(found->second, now)) {
    sessions_.erase(found);
    return std::nullopt;
  }
  found->second.last_used = now;
  return Session{std::string(id), found->second.csrf_token};
}

void SessionStore::end(std::string_view id) {
  const std::string key = sha256Hex(id);
  std::lock_guard lock(mutex_);
  sessions_.erase(key);
}

bool SessionStore::expired(const Entry& entry, std::chrono::steady_clock::time_point now) const {
  return now - entry.last_used >= idle_limit_;
}

}  // namespace everynet::service::admin
