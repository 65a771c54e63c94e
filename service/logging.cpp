#include "service/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "dicom/dcmtk_logging.h"

namespace everynet::service {

void configureLogging(const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("everynet");
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
  logger->set_level(spdlog::level::from_str(level == "warning" ? "warn" : level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  dicom::routeDcmtkLoggingToSpdlog();
}

}  // namespace everynet::service
