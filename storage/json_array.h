#pragma once

// Inside storage only: lists bound as one statement parameter.

#include <string>
#include <vector>

namespace everynet::storage {

// A JSON array of strings, for json_each(): one statement serves lists of any length.
std::string jsonArray(const std::vector<std::string>& values);

}  // namespace everynet::storage
