#pragma once

#include <memory>
#include <string>

#include "service/admin/admin_context.h"
#include "service/config/config.h"

namespace everynet::service::admin {

// Whether admin.password_hash or admin.token_hashes lets anyone in; without, the admin web does
// not start (there is no default password).
bool adminWebEnabled(const Config::Admin& admin);
// What to do to enable it, for the log.
std::string howToEnableAdminWeb();

// The admin web (service/admin/API.md): sign-in, the JSON API and the pages on admin.listen,
// HTTPS only when admin.tls_certificate and admin.tls_key are set. Serves on threads of its own
// from construction until stop(); the routes read `context`, which must outlive it.
class AdminWeb {
 public:
  // Throws std::runtime_error naming admin.listen when it cannot listen there.
  explicit AdminWeb(const AdminContext& context);
  ~AdminWeb();  // stop(), then join()
  AdminWeb(const AdminWeb&) = delete;
  AdminWeb& operator=(const AdminWeb&) = delete;

  void stop();  // thread-safe, returns at once
  void join();  // waits for answers being computed

  std::string url() const;  // "https://127.0.0.1:8080"

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace everynet::service::admin
