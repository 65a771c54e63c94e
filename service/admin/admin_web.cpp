#include "service/admin/admin_web.h"

#include <chrono>
#include <stdexcept>

#include "service/admin/api/api_routes.h"
#include "service/admin/auth/access_gate.h"
#include "service/admin/auth/session_store.h"
#include "service/admin/auth/sign_in.h"
#include "service/admin/http/http_server.h"
#include "service/admin/pages/page_routes.h"

namespace everynet::service::admin {
namespace {

// admin.listen as validated by the configuration loader: HOST:PORT.
HttpServerOptions serverOptions(const Config::Admin& admin) {
  const auto colon = admin.listen.rfind(':');
  HttpServerOptions options;
  options.host = admin.listen.substr(0, colon);
  options.port = static_cast<std::uint16_t>(std::stoi(admin.listen.substr(colon + 1)));
  options.tls_certificate = admin.tls_certificate;
  options.tls_key = admin.tls_key;
  return options;
}

}  // namespace

bool adminWebEnabled(const Config::Admin& admin) {
  return !admin.password_hash.empty() || !admin.token_hashes.empty();
}

std::string howToEnableAdminWeb() {
  return "to enable it, run `everynet admin hash-password` and set admin.password_hash to what "
         "it prints (for browsers), and/or run `everynet admin new-token` and add the hash it "
         "prints to admin.token_hashes (for scripts and Prometheus), in the [admin] table of the "
         "configuration file; then restart the service";
}

struct AdminWeb::Parts {
  explicit Parts(const AdminContext& context)
      : sessions(std::chrono::minutes(context.config.admin.session_idle_minutes)),
        sign_in(
            AdminCredentials{context.config.admin.password_hash, context.config.admin.token_hashes},
            sessions, !context.config.admin.tls_certificate.empty()),
        router(buildRouter(context, sign_in)),
        gate(router, sign_in),
        host(serverOptions(context.config.admin).host),
        server(listen(context.config.admin, gate)) {}

  static Router buildRouter(const AdminContext& context, const SignIn& sign_in) {
    Router router;
    sign_in.addRoutes(router);
    registerApiRoutes(router, context);
    registerPageRoutes(router, context);
    return router;
  }

  static std::unique_ptr<HttpServer> listen(const Config::Admin& admin, const AccessGate& gate) {
    try {
      return std::make_unique<HttpServer>(serverOptions(admin), [&gate](HttpRequest request) {
        return gate.handle(std::move(request));
      });
    } catch (const ListenError& error) {
      throw std::runtime_error("admin.listen = \"" + admin.listen + "\": " + error.what());
    } catch (const std::runtime_error& error) {
      throw std::runtime_error(std::string("admin.tls_certificate, admin.tls_key: ") +
                               error.what());
    }
  }

  SessionStore sessions;
  SignIn sign_in;
  Router router;
  AccessGate gate;
  std::string host;
  std::unique_ptr<HttpServer> server;  // last: stops before what it serves goes
};

AdminWeb::AdminWeb(const AdminContext& context) : parts_(std::make_unique<Parts>(context)) {
  parts_->server->start();
}

AdminWeb::~AdminWeb() {
  stop();
  join();
}

void AdminWeb::stop() {
  parts_->server->stop();
}

void AdminWeb::join() {
  parts_->server->join();
}

std::string AdminWeb::url() const {
  return std::string(parts_->server->tls() ? "https" : "http") + "://" + parts_->host + ":" +
         std::to_string(parts_->server->port());
}

}  // namespace everynet::service::admin
