#pragma once

// The fixture of the admin web's JSON API tests (admin_api_*_test.cpp): the routes' handlers over
// an index populated through its stores.

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "service/admin/admin_context.h"
#include "service/admin/api/api_routes.h"
#include "service/admin/http/http_types.h"
#include "service/admin/http/router.h"
#include "service/admin/recent_log.h"
#include "service/config/config.h"
#include "service/ingest/open_associations.h"
#include "service/space/free_space_monitor.h"
#include "storage/file_store.h"
#include "storage/stores.h"
#include "tests/support/temp_dir.h"

namespace everynet::service::admin {

// The size of the heatmaps AdminApiTest::writeHeatmapFile writes.
constexpr int kPreviewWidth = 4;
constexpr int kPreviewHeight = 3;

// The colour of pixel (x, y) of heatmap `slice`: every byte differs, so a mix-up shows.
std::uint8_t pixelByte(int slice, int x, int y, int channel);

// A configuration with one destination and the admin secrets set, over `data_dir`.
Config testConfig(const std::filesystem::path& data_dir);

class AdminApiTest : public ::testing::Test {
 protected:
  AdminApiTest()
      : config_(testConfig(dir_.path())),
        index_(std::make_unique<storage::Stores>(dir_.path() / "index.sqlite",
                                                 storage::Database::Access::read_write)),
        files_(dir_.path()),
        context_{config_,     index_->reads,      index_->jobs,         index_->exports,
                 files_,      open_associations_, [this] { ++wakes_; }, {"cpu"},
                 recent_log_, free_space_} {
    registerApiRoutes(router_, context_);
  }

  HttpResponse call(const std::string& method, const std::string& path,
                    const std::string& body = "",
                    const std::map<std::string, std::string>& query = {}) {
    const auto routed = router_.match(method, path);
    const auto* match = std::get_if<RouteFound>(&routed);
    if (!match) {
      const int status = std::holds_alternative<PathNotFound>(routed) ? 404 : 405;
      return {status, "text/plain", "no route", {}};
    }
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.query = query;
    request.params = match->params;
    request.body = body;
    request.principal = "admin";
    return (*match->handler)(request);
  }
  nlohmann::json get(const std::string& path) {
    const auto response = call("GET", path);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    EXPECT_EQ(response.content_type, "application/json");
    return nlohmann::json::parse(response.body);
  }

  // An instance of patient P1's study "10" (2026-01-01) or another (2026-03-01).
  storage::IncomingInstance instance(const std::string& study, const std::string& series,
                                     int number, double received_at);

  // A patient with two timepoints and a queued job between them; returns the job id.
  std::int64_t queuedJob();

  // An RGB Secondary Capture of kPreviewWidth x kPreviewHeight at `relative` in the data dir.
  void writeHeatmapFile(const std::string& relative, int slice);
  // Runs the job to success with `heatmaps` heatmaps (written as files) and a report.
  void succeed(std::int64_t job_id, int heatmaps);

  everynet::test::TempDir dir_;
  Config config_;
  std::unique_ptr<storage::Stores> index_;
  storage::FileStore files_;
  OpenAssociations open_associations_;
  RecentLog recent_log_{10};
  int wakes_ = 0;
  // The data directory's free space as the tests set it, against lines of 1024 and 64 MiB; read
  // afresh at every call.
  std::uint64_t free_bytes_ = std::uint64_t{100} << 30;
  FreeSpaceMonitor free_space_{dir_.path(),
                               {std::uint64_t{1024} << 20, std::uint64_t{64} << 20},
                               [this] {
                                 return DiskSpace{free_bytes_, std::uint64_t{200} << 30};
                               },
                               std::chrono::milliseconds(0)};
  AdminContext context_;
  Router router_;
  std::int64_t patient_ref_ = 0;
};

}  // namespace everynet::service::admin
