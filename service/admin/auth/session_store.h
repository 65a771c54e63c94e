#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace everynet::service::admin {

// A signed-in browser: the id its cookie carries and the CSRF token its forms send back.
struct Session {
  std::string id;
  std::string csrf_token;
};

// The signed-in browsers, in memory only (a restart signs everyone out). A session ends after
// `idle_limit` without a request. Thread-safe.
class SessionStore {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit SessionStore(
      std::chrono::minutes idle_limit,
      Clock clock = [] { return std::chrono::steady_clock::now(); });

  // A new session with random id and CSRF token (32 bytes each); forgets expired ones.
  Session create();
  // The session with this id, its idle time starting again; empty when unknown or expired.
  std::optional<Session> resume(std::string_view id);
  void end(std::string_view id);

 private:
  struct Entry {
    std::string csrf_token;
    std::chrono::steady_clock::time_point last_used;
  };
  bool expired(const Entry& entry, std::chrono::steady_clock::time_point now) const;

  const std::chrono::minutes idle_limit_;
  const Clock clock_;
  std::mutex mutex_;
  // By the SHA-256 of the id, so that looking one up takes no time that depends on real ids.
  std::map<std::string, Entry> sessions_;
};

}  // namespace everynet::service::admin
