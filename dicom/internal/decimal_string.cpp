#include "dicom/internal/decimal_string.h"

#include <cstdio>

namespace everynet::dicom::internal {

std::string decimalString(double value) {
  char text[32];
  for (int precision = 10; precision > 0; --precision) {
    std::snprintf(text, sizeof(text), "%.*g", precision, value);
    if (std::string(text).size() <= 16) break;
  }
  return text;
}

}  // namespace everynet::dicom::internal
