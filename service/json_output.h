#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace everynet::service {

// The JSON text of a document built from stored data, for the admin API and the command line.
// An index written by an older build may hold text that is not UTF-8, on which nlohmann's dump()
// throws (type_error.316); such bytes are written as U+FFFD instead, so that one bad name never
// fails a whole listing.
inline std::string jsonText(const nlohmann::json& document, int indent = -1) {
  return document.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The value, or JSON null when there is none.
template <typename T>
nlohmann::json orNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace everynet::service
