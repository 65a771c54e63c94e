#pragma once

#include <dcmtk/ofstd/ofcond.h>

#include <stdexcept>
#include <string>

namespace everynet::dicom::internal {

// Turns a failed DCMTK condition into an exception that says what we were trying to do.
inline void check(const OFCondition& condition, const std::string& what) {
  if (condition.bad()) throw std::runtime_error(what + ": " + condition.text());
}

}  // namespace everynet::dicom::internal
