#pragma once

#include <string>

namespace everynet::dicom::internal {

// A Decimal String (DS) value: the most precise form that fits DS's 16 characters.
std::string decimalString(double value);

}  // namespace everynet::dicom::internal
