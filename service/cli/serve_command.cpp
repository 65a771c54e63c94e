#include "service/cli/engine_commands.h"
#include "service/config/config_loader.h"
#include "service/daemon.h"

namespace everynet::service {

int serveCommand(const ServeRequest& request) {
  Config config = loadConfigFileOrDefaults(request.config_file);
  if (!request.data_dir.empty()) config.storage.data_dir = request.data_dir;
  if (request.dicom_port) config.dicom.port = *request.dicom_port;
  if (!request.ae_title.empty()) config.dicom.ae_title = request.ae_title;
  validateConfig(config, DataDir::create_if_missing);
  return runDaemon(config);
}

}  // namespace everynet::service
