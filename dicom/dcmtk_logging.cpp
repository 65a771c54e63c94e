#include "dicom/dcmtk_logging.h"

#include <dcmtk/oflog/appender.h>
#include <dcmtk/oflog/oflog.h>
#include <dcmtk/oflog/spi/logevent.h>
#include <spdlog/spdlog.h>

#include "dicom/network_text.h"

namespace everynet::dicom {
namespace {

namespace log4cplus = dcmtk::log4cplus;

spdlog::level::level_enum spdlogLevel(log4cplus::LogLevel level) {
  if (level >= log4cplus::ERROR_LOG_LEVEL) return spdlog::level::err;
  if (level >= log4cplus::WARN_LOG_LEVEL) return spdlog::level::warn;
  return spdlog::level::debug;
}

class SpdlogAppender : public log4cplus::Appender {
 public:
  ~SpdlogAppender() override { destructorImpl(); }
  void close() override {}

 protected:
  void append(const log4cplus::spi::InternalLoggingEvent& event) override {
    // DCMTK quotes what it parsed (VRs, AE titles, values), so its messages carry network bytes.
    spdlog::log(spdlogLevel(event.getLogLevel()), "{}: {}", event.getLoggerName().c_str(),
                escapedForLog(event.getMessage().c_str()));
  }
};

}  // namespace

void routeDcmtkLoggingToSpdlog() {
  auto root = log4cplus::Logger::getRoot();
  root.removeAllAppenders();
  root.addAppender(log4cplus::SharedAppenderPtr(new SpdlogAppender));
  root.setLogLevel(spdlog::should_log(spdlog::level::debug) ? log4cplus::DEBUG_LOG_LEVEL
                                                            : log4cplus::WARN_LOG_LEVEL);
}

}  // namespace everynet::dicom
