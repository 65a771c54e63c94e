#pragma once

#include <string_view>
#include <vector>

namespace everynet::storage {

// One numbered schema step; version = position in migrations() + 1.
struct Migration {
  std::string_view file_name;
  std::string_view sql;
};

const std::vector<Migration>& migrations();

}  // namespace everynet::storage
