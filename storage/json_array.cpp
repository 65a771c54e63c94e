#include "storage/json_array.h"

namespace everynet::storage {

std::string jsonArray(const std::vector<std::string>& values) {
  std::string json = "[";
  for (const auto& value : values) {
    if (json.size() > 1) json += ',';
    json += '"';
    for (const unsigned char c : value) {
      if (c == '"' || c == '\\') {
        json += '\\';
        json += static_cast<char>(c);
      } else if (c < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        json += "\\u00";
        json += kHex[c >> 4];
        json += kHex[c & 0xF];
      } else {
        json += static_cast<char>(c);
      }
    }
    json += '"';
  }
  return json + "]";
}

}  // namespace everynet::storage
