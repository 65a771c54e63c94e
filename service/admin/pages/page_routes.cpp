#include "service/admin/pages/page_routes.h"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "service/admin/api/documents.h"
#include "service/admin/assets/embedded_assets.h"
#include "service/admin/pages/associations_page.h"
#include "service/admin/pages/config_page.h"
#include "service/admin/pages/dashboard_page.h"
#include "service/admin/pages/exports_page.h"
#include "service/admin/pages/jobs_page.h"
#include "service/admin/pages/not_found_page.h"
#include "service/admin/pages/page_context.h"
#include "service/admin/pages/patients_page.h"

namespace everynet::service::admin {
namespace {

constexpr int kAssociationsShown = 100;

double nowSeconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

PageContext pageContextOf(const HttpRequest& request) {
  return {request.principal, request.csrf_token, request.path};
}

HttpResponse htmlResponse(std::string page, int status = 200) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(page);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

HttpResponse assetResponse(std::string_view content, std::string content_type) {
  HttpResponse response;
  response.content_type = std::move(content_type);
  response.body = std::string(content);
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

// The route's {id} as a number; empty when it is not one, which then reads as an unknown id.
std::optional<std::int64_t> idParameter(const HttpRequest& request) {
  const auto found = request.params.find("id");
  if (found == request.params.end()) return std::nullopt;
  const auto& text = found->second;
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

HttpResponse notFound(const std::string& what, const HttpRequest& request) {
  return htmlResponse(renderNotFoundPage(what, pageContextOf(request)), 404);
}

}  // namespace

void registerPageRoutes(Router& router, const AdminContext& context) {
  // The routes run after registerPageRoutes returns: each keeps its own copy of the context,
  // whose members refer to what outlives the server.
  router.add("GET", "/", Access::read, [&context](const HttpRequest& request) {
    return htmlResponse(
        renderDashboardPage(statusDocument(context, nowSeconds()), pageContextOf(request)));
  });
  router.add("GET", "/patients", Access::read, [&context](const HttpRequest& request) {
    return htmlResponse(renderPatientsPage(patientsDocument(context), pageContextOf(request)));
  });
  router.add("GET", "/patients/{id}", Access::read, [&context](const HttpRequest& request) {
    const auto id = idParameter(request);
    const auto patient = id ? patientDocument(context, *id) : std::nullopt;
    if (!patient) return notFound("Patient " + request.params.at("id"), request);
    return htmlResponse(renderPatientPage(*patient, pageContextOf(request)));
  });
  router.add("GET", "/jobs", Access::read, [&context](const HttpRequest& request) {
    return htmlResponse(renderJobsPage(jobsDocument(context), pageContextOf(request)));
  });
  router.add("GET", "/jobs/{id}", Access::read, [&context](const HttpRequest& request) {
    const auto id = idParameter(request);
    const auto job = id ? jobDocument(context, *id) : std::nullopt;
    if (!job) return notFound("Job " + request.params.at("id"), request);
    return htmlResponse(renderJobPage(*job, pageContextOf(request)));
  });
  router.add("GET", "/exports", Access::read, [&context](const HttpRequest& request) {
    return htmlResponse(
        renderExportsPage(exportsDocument(context, nowSeconds()), pageContextOf(request)));
  });
  router.add("GET", "/associations", Access::read, [&context](const HttpRequest& request) {
    return htmlResponse(renderAssociationsPage(associationsDocument(context, kAssociationsShown),
                                               pageContextOf(request)));
  });
  router.add("GET", "/config", Access::read, [&context](const HttpRequest& request) {
    return htmlResponse(renderConfigPage(configDocument(context), pageContextOf(request)));
  });
  // Public so that the sign-in page is styled: the stylesheet holds nothing about anyone.
  router.add("GET", "/assets/admin.css", Access::public_route, [](const HttpRequest&) {
    return assetResponse(adminStylesheet(), "text/css; charset=utf-8");
  });
  router.add("GET", "/assets/admin.js", Access::read, [](const HttpRequest&) {
    return assetResponse(adminScript(), "text/javascript; charset=utf-8");
  });
}

}  // namespace everynet::service::admin
