#pragma once

#include <exception>

namespace everynet::storage {

// Whether a failure of the index (DatabaseError) or the file store (std::system_error) was for
// want of space: no space left on the device, or a disk quota exceeded.
bool isDiskFull(const std::exception& error);

}  // namespace everynet::storage
