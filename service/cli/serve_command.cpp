#include <utility>

#include "service/cli/engine_commands.h"
#include "service/daemon.h"

namespace everynet::service {

int serveCommand(Config config) {
  return runDaemon(config);
}

}  // namespace everynet::service
