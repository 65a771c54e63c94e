#include "storage/stores.h"

namespace everynet::storage {

Stores::Stores(const std::filesystem::path& file, Database::Access access)
    : database(Database::open(file, access)),
      ingest(*database),
      timelines(*database),
      jobs(*database),
      exports(*database),
      queries(*database),
      reads(*database) {}

}  // namespace everynet::storage
