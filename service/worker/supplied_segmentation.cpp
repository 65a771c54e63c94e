#include "service/worker/supplied_segmentation.h"

#include <spdlog/spdlog.h>

#include "dicom/network_text.h"
#include "dicom/results/tumour_segmentation_reader.h"
#include "storage/file_store.h"
#include "storage/job_queue.h"

namespace everynet::service {
namespace {

constexpr const char* kSegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";

}  // namespace

std::optional<geometry::PatientVolume> suppliedBaselineSegmentation(
    storage::JobQueue& jobs, const storage::FileStore& files,
    const std::string& baseline_series_uid, const std::string& baseline_frame_of_reference_uid) {
  auto candidates = jobs.studyInstanceFilesOfClass(baseline_series_uid, kSegmentationStorage);
  for (auto file = candidates.rbegin(); file != candidates.rend(); ++file) {
    try {
      auto segmentation = dicom::readTumourSegmentation(files.root() / *file);
      if (segmentation.frame_of_reference_uid != baseline_frame_of_reference_uid) {
        spdlog::warn(
            "segmentation {} of the baseline study is on another frame of reference; "
            "not used",
            *file);
        continue;
      }
      spdlog::info("baseline volume from the segment '{}' of a segmentation sent with the study",
                   dicom::escapedForLog(segmentation.segment_label));
      return std::move(segmentation.mask);
    } catch (const std::runtime_error& error) {
      spdlog::debug("segmentation {} of the baseline study not used: {}", *file, error.what());
    }
  }
  return std::nullopt;
}

}  // namespace everynet::service
