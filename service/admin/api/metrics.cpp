#include "service/admin/api/metrics.h"

#include <cstdio>
#include <utility>
#include <vector>

#include "service/space/disk_space.h"
#include "service/space/free_space_monitor.h"
#include "storage/admin_reads.h"
#include "storage/export_queue.h"

namespace everynet::service::admin {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Writes metric families: HELP and TYPE once, then the samples.
class MetricsWriter {
 public:
  void family(const std::string& name, const std::string& type, const std::string& help) {
    text_ += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  }
  void sample(const std::string& name, double value, const Labels& labels = {}) {
    text_ += name;
    if (!labels.empty()) {
      text_ += '{';
      for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) text_ += ',';
        text_ += labels[i].first + "=\"" + escapeLabelValue(labels[i].second) + '"';
      }
      text_ += '}';
    }
    char number[32];
    std::snprintf(number, sizeof number, " %.17g\n", value);
    text_ += number;
  }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

// The watermarks and whether the free space is below one: the gauge to alert on.
void writeWatermarks(MetricsWriter& out, FreeSpaceMonitor& free_space) {
  const auto& marks = free_space.watermarks();
  const auto level = free_space.reading().level;
  out.family("everynet_disk_min_free_bytes", "gauge",
             "storage.min_free_mb in bytes: below it C-STORE is refused (A700) and jobs wait; 0: "
             "off.");
  out.sample("everynet_disk_min_free_bytes", static_cast<double>(marks.min_free_bytes));
  out.family("everynet_disk_index_reserve_bytes", "gauge",
             "storage.index_reserve_mb in bytes: below it ingest writes nothing to the index; 0: "
             "off.");
  out.sample("everynet_disk_index_reserve_bytes", static_cast<double>(marks.index_reserve_bytes));
  out.family("everynet_disk_space_low", "gauge",
             "1 while the free space is below storage.min_free_mb or storage.index_reserve_mb "
             "(degraded: C-STORE refused, jobs waiting), else 0.");
  out.sample("everynet_disk_space_low", level == SpaceLevel::enough ? 0 : 1);
}

// The data directory's file system as read now, and the watermarks.
void writeDisk(MetricsWriter& out, const AdminContext& context) {
  const auto& data_dir = context.config.storage.data_dir;
  if (const auto disk = diskSpace(data_dir)) {
    out.family("everynet_disk_free_bytes", "gauge",
               "Bytes the service may still write in its data directory's file system.");
    out.sample("everynet_disk_free_bytes", static_cast<double>(disk->free_bytes),
               {{"path", data_dir.string()}});
    out.family("everynet_disk_total_bytes", "gauge",
               "Size of the data directory's file system, in bytes.");
    out.sample("everynet_disk_total_bytes", static_cast<double>(disk->total_bytes),
               {{"path", data_dir.string()}});
  }
  writeWatermarks(out, context.free_space);
}

}  // namespace

std::string escapeLabelValue(const std::string& value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string metricsText(const AdminContext& context) {
  auto& reads = context.reads;
  MetricsWriter out;
  const auto totals = reads.totals();
  out.family("everynet_instances_stored_total", "counter", "DICOM instances stored and indexed.");
  out.sample("everynet_instances_stored_total", static_cast<double>(totals.instances));
  out.family("everynet_instance_conflicts_total", "counter",
             "Instances refused: a known SOP Instance UID with different content, kept aside.");
  out.sample("everynet_instance_conflicts_total", static_cast<double>(totals.instance_conflicts));
  out.family("everynet_associations_total", "counter",
             "DICOM associations by outcome (open, released, aborted, failed, refused, "
             "interrupted).");
  for (const auto& [outcome, count] : totals.associations_by_outcome) {
    out.sample("everynet_associations_total", static_cast<double>(count), {{"outcome", outcome}});
  }
  out.family("everynet_open_associations", "gauge", "DICOM associations open now.");
  out.sample("everynet_open_associations", static_cast<double>(reads.openAssociationCount()));

  const auto jobs = reads.jobStateCounts();
  out.family("everynet_jobs", "gauge", "Analysis jobs by state.");
  for (const auto& [state, count] :
       {std::pair{"queued", jobs.queued}, std::pair{"running", jobs.running},
        std::pair{"succeeded", jobs.succeeded}, std::pair{"failed", jobs.failed},
        std::pair{"cancelled", jobs.cancelled}}) {
    out.sample("everynet_jobs", count, {{"state", state}});
  }
  out.family("everynet_job_queue_length", "gauge", "Jobs waiting for a worker slot.");
  out.sample("everynet_job_queue_length", jobs.queued);
  const auto durations = reads.succeededJobDurations();
  out.family("everynet_job_duration_seconds", "summary",
             "Run time of succeeded jobs (their last attempt), in seconds.");
  out.sample("everynet_job_duration_seconds_sum", durations.sum_seconds);
  out.sample("everynet_job_duration_seconds_count", durations.count);

  const auto exports = context.exports.counts();
  out.family("everynet_export_failed_attempts_total", "counter",
             "Failed attempts to send a result to a destination.");
  for (const auto& d : exports) {
    out.sample("everynet_export_failed_attempts_total", static_cast<double>(d.failed_attempts),
               {{"destination", d.destination}});
  }
  out.family("everynet_exports_sent_total", "counter", "Results sent to a destination.");
  for (const auto& d : exports) {
    out.sample("everynet_exports_sent_total", static_cast<double>(d.sent),
               {{"destination", d.destination}});
  }
  out.family("everynet_exports_pending", "gauge", "Results waiting to be sent to a destination.");
  for (const auto& d : exports) {
    out.sample("everynet_exports_pending", static_cast<double>(d.pending),
               {{"destination", d.destination}});
  }
  out.family("everynet_exports_failed", "gauge",
             "Results given up on after their last attempt, until retried.");
  for (const auto& d : exports) {
    out.sample("everynet_exports_failed", static_cast<double>(d.failed),
               {{"destination", d.destination}});
  }

  writeDisk(out, context);
  return out.take();
}

}  // namespace everynet::service::admin
