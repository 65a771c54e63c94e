#include "storage/disk_full.h"

#include <cerrno>
#include <system_error>

#include "storage/sqlite_connection.h"

namespace everynet::storage {

bool isDiskFull(const std::exception& error) {
  if (const auto* database = dynamic_cast<const DatabaseError*>(&error)) {
    return database->diskFull();
  }
  if (const auto* system = dynamic_cast<const std::system_error*>(&error)) {
    return system->code() == std::errc::no_space_on_device ||
           system->code() == std::error_condition(EDQUOT, std::generic_category());
  }
  return false;
}

}  // namespace everynet::storage
