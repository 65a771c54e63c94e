#include <dcmtk/dcmdata/dcuid.h>
#include <sqlite3.h>

#include <iostream>

#include "service/cli/commands.h"
#include "service/version.h"

namespace everynet::service {

int versionCommand() {
  std::cout << "everynet " << kVersion << "\n"
            << "  DCMTK " << OFFIS_DCMTK_VERSION_STRING << ", SQLite " << sqlite3_libversion()
            << "\n";
  return 0;
}

}  // namespace everynet::service
