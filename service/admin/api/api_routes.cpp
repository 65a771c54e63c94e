#include "service/admin/api/api_routes.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <exception>
#include <limits>
#include <nlohmann/json.hpp>

#include "dicom/rgb_image_reader.h"
#include "service/admin/api/documents.h"
#include "service/admin/api/job_documents.h"
#include "service/admin/api/metrics.h"
#include "service/admin/api/png_encoder.h"
#include "service/json_output.h"
#include "service/space/free_space_monitor.h"
#include "service/unix_time.h"
#include "storage/admin_reads.h"
#include "storage/export_queue.h"
#include "storage/file_store.h"
#include "storage/job_queue.h"

namespace everynet::service::admin {
namespace {

using nlohmann::json;

constexpr int kDefaultAssociations = 100;
constexpr int kMaxAssociations = 10000;

HttpResponse jsonResponse(int status, const json& document) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = jsonText(document);
  return response;
}

HttpResponse problem(int status, const std::string& message) {
  return jsonResponse(status, {{"error", message}});
}

// A positive decimal id from a path segment or body; empty when it is none.
std::optional<std::int64_t> parseId(const std::string& text) {
  std::int64_t id = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, id);
  if (error != std::errc() || stop != end || id < 1) return std::nullopt;
  return id;
}

std::optional<std::int64_t> idParam(const HttpRequest& request, const std::string& name) {
  const auto found = request.params.find(name);
  return found == request.params.end() ? std::nullopt : parseId(found->second);
}

// 200 {"status":"ok"}; 503 "error" when the index does not answer, 503 "degraded" while the free
// space is below a watermark (C-STORE refused, jobs waiting): a monitoring system alerts on both,
// the body says which (API.md).
HttpResponse health(const AdminContext& context) {
  try {
    context.reads.checkReadable();
  } catch (const std::exception& error) {
    return jsonResponse(503, {{"status", "error"}, {"problem", error.what()}});
  }
  const auto space = context.free_space.reading();
  if (space.level == SpaceLevel::enough || !space.free_bytes) {
    return jsonResponse(200, {{"status", "ok"}});
  }
  const auto& marks = context.free_space.watermarks();
  return jsonResponse(503, {{"status", "degraded"},
                            {"problem", spaceLevelMessage(space.level, *space.free_bytes, marks)},
                            {"disk",
                             {{"state", toString(space.level)},
                              {"free_bytes", *space.free_bytes},
                              {"min_free_bytes", marks.min_free_bytes},
                              {"index_reserve_bytes", marks.index_reserve_bytes}}}});
}

HttpResponse associations(const AdminContext& context, const HttpRequest& request) {
  int limit = kDefaultAssociations;
  if (const auto found = request.query.find("limit"); found != request.query.end()) {
    const auto parsed = parseId(found->second);
    if (!parsed) return problem(400, "limit must be a positive whole number");
    limit = static_cast<int>(std::min<std::int64_t>(*parsed, kMaxAssociations));
  }
  return jsonResponse(200, associationsDocument(context, limit));
}

HttpResponse jobOrNotFound(const AdminContext& context, std::int64_t id) {
  const auto document = jobDocument(context, id);
  return document ? jsonResponse(200, *document) : problem(404, "no job " + std::to_string(id));
}

HttpResponse retryJob(const AdminContext& context, const HttpRequest& request) {
  const auto id = idParam(request, "id");
  if (!id) return problem(404, "no such job");
  switch (context.jobs.retry(*id, unixNow())) {
    case storage::JobRetryOutcome::no_such_job:
      return problem(404, "no job " + std::to_string(*id));
    case storage::JobRetryOutcome::not_retryable:
      return problem(409, "job " + std::to_string(*id) +
                              " is queued, running or succeeded: only a failed or cancelled job "
                              "can be retried");
    case storage::JobRetryOutcome::queued:
      break;
  }
  spdlog::info("job {} queued again by {}", *id, request.principal);
  if (context.wake_workers) context.wake_workers();
  return jobOrNotFound(context, *id);
}

HttpResponse cancelJob(const AdminContext& context, const HttpRequest& request) {
  const auto id = idParam(request, "id");
  if (!id) return problem(404, "no such job");
  switch (context.jobs.requestCancel(*id, unixNow())) {
    case storage::JobCancelOutcome::no_such_job:
      return problem(404, "no job " + std::to_string(*id));
    case storage::JobCancelOutcome::already_finished:
      return problem(409, "job " + std::to_string(*id) + " has finished: nothing to cancel");
    case storage::JobCancelOutcome::cancelled:
      spdlog::info("job {} cancelled by {} while queued", *id, request.principal);
      break;
    case storage::JobCancelOutcome::stop_requested:
      spdlog::info("job {}: {} asked it to stop", *id, request.principal);
      break;
  }
  return jobOrNotFound(context, *id);
}

bool isConfiguredDestination(const AdminContext& context, const std::string& name) {
  return std::any_of(context.config.destinations.begin(), context.config.destinations.end(),
                     [&](const Destination& d) { return d.name == name; });
}

bool isKnownDestination(const AdminContext& context, const std::string& name) {
  if (isConfiguredDestination(context, name)) return true;
  const auto counts = context.exports.counts();
  return std::any_of(counts.begin(), counts.end(),
                     [&](const auto& count) { return count.destination == name; });
}

// Body {"job": N}, {"destination": "name"} or {"all_failed": true}: exactly one of them.
HttpResponse retryExports(const AdminContext& context, const HttpRequest& request) {
  const json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || body.size() != 1) {
    return problem(400, R"(the body must be {"job": N}, {"destination": "name"} or )"
                        R"({"all_failed": true})");
  }
  const double now = unixNow();
  int queued = 0;
  if (body.contains("job")) {
    const auto& job = body["job"];
    if (!job.is_number_integer() || job.get<std::int64_t>() < 1) {
      return problem(400, "job must be a job id");
    }
    const auto id = job.get<std::int64_t>();
    if (!context.jobs.job(id)) return problem(404, "no job " + std::to_string(id));
    queued = context.exports.retryOfJob(id, now);
  } else if (body.contains("destination")) {
    if (!body["destination"].is_string()) return problem(400, "destination must be a name");
    const auto name = body["destination"].get<std::string>();
    if (!isKnownDestination(context, name)) return problem(404, "no destination " + name);
    queued = context.exports.retryFailedTo(name, now);
  } else if (body.contains("all_failed")) {
    if (body["all_failed"] != true) return problem(400, "all_failed must be true");
    queued = context.exports.retryFailed(now);
  } else {
    return problem(400, R"(the body must be {"job": N}, {"destination": "name"} or )"
                        R"({"all_failed": true})");
  }
  spdlog::info("{} asked to send {} result(s) again", request.principal, queued);
  return jsonResponse(200, {{"queued", queued}});
}

// GET /api/v1/jobs/{id}/previews/{n}.png
HttpResponse preview(const AdminContext& context, const HttpRequest& request) {
  const auto id = idParam(request, "id");
  const std::string name = request.params.count("file") ? request.params.at("file") : "";
  constexpr std::string_view kSuffix = ".png";
  if (!id || name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) {
    return problem(404, "no such preview");
  }
  const std::string number = name.substr(0, name.size() - kSuffix.size());
  // 0 is a slice; parseId takes positive ids only.
  const auto slice = number == "0" ? std::optional<std::int64_t>(0) : parseId(number);
  if (!slice || *slice > std::numeric_limits<int>::max()) return problem(404, "no such preview");
  const auto file = context.reads.jobHeatmapFile(*id, static_cast<int>(*slice));
  if (!file) return problem(404, "job " + std::to_string(*id) + " has no heatmap " + number);
  HttpResponse response;
  response.content_type = "image/png";
  response.body = encodePng(dicom::readRgbImage(context.files.root() / *file));
  // A result never changes once stored.
  response.headers.emplace_back("Cache-Control", "private, max-age=86400");
  return response;
}

}  // namespace

void registerApiRoutes(Router& router, const AdminContext& context) {
  const auto& c = context;
  router.add("GET", "/healthz", Access::public_route,
             [&c](const HttpRequest&) { return health(c); });
  router.add("GET", "/metrics", Access::read, [&c](const HttpRequest&) {
    HttpResponse response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = metricsText(c);
    return response;
  });
  router.add("GET", "/api/v1/status", Access::read,
             [&c](const HttpRequest&) { return jsonResponse(200, statusDocument(c, unixNow())); });
  router.add("GET", "/api/v1/patients", Access::read,
             [&c](const HttpRequest&) { return jsonResponse(200, patientsDocument(c)); });
  router.add("GET", "/api/v1/patients/{id}", Access::read, [&c](const HttpRequest& request) {
    const auto id = idParam(request, "id");
    const auto document = id ? patientDocument(c, *id) : std::nullopt;
    return document ? jsonResponse(200, *document) : problem(404, "no such patient");
  });
  router.add("GET", "/api/v1/jobs", Access::read,
             [&c](const HttpRequest&) { return jsonResponse(200, jobsDocument(c)); });
  router.add("GET", "/api/v1/jobs/{id}", Access::read, [&c](const HttpRequest& request) {
    const auto id = idParam(request, "id");
    return id ? jobOrNotFound(c, *id) : problem(404, "no such job");
  });
  router.add("GET", "/api/v1/jobs/{id}/previews/{file}", Access::read,
             [&c](const HttpRequest& request) { return preview(c, request); });
  router.add("POST", "/api/v1/jobs/{id}/retry", Access::act,
             [&c](const HttpRequest& request) { return retryJob(c, request); });
  router.add("POST", "/api/v1/jobs/{id}/cancel", Access::act,
             [&c](const HttpRequest& request) { return cancelJob(c, request); });
  router.add("GET", "/api/v1/exports", Access::read,
             [&c](const HttpRequest&) { return jsonResponse(200, exportsDocument(c, unixNow())); });
  router.add("POST", "/api/v1/exports/retry", Access::act,
             [&c](const HttpRequest& request) { return retryExports(c, request); });
  router.add("GET", "/api/v1/associations", Access::read,
             [&c](const HttpRequest& request) { return associations(c, request); });
  router.add("GET", "/api/v1/config", Access::read,
             [&c](const HttpRequest&) { return jsonResponse(200, configDocument(c)); });
}

}  // namespace everynet::service::admin
