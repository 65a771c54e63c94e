#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace everynet::service::admin {

// Plain text for values on the pages; the caller escapes it. The JSON overloads show a null (or
// a missing value) as an em dash.

// Unix seconds as local ISO date-time in the server's time zone: "2026-03-01 14:05:09".
std::string formatLocalTime(double unix_seconds);
std::string formatLocalTime(const nlohmann::json& unix_seconds);

// Bytes in decimal units: "512.3 MB" below 1 GB, "1.50 GB" from there.
std::string formatBytes(double bytes);

// A volume with one decimal: "12.3 mL".
std::string formatMillilitres(const nlohmann::json& millilitres);

// A signed change with one decimal: "+12.3 %".
std::string formatPercent(const nlohmann::json& percent);

// A duration: "42 s", "5 min 10 s", "2 h 05 min".
std::string formatDuration(const nlohmann::json& seconds);

// A fraction 0..1 as a whole percentage: "42 %".
std::string formatProgress(const nlohmann::json& fraction);

// DICOM DA "20260301" as "2026-03-01"; anything else unchanged.
std::string formatDicomDate(std::string_view date);

// DICOM PN "Doe^Jane" as "Doe, Jane"; further components follow with spaces.
std::string formatPersonName(std::string_view name);

// The member key of a document object; null when the object lacks it (or is no object), so that
// renderers show a dash instead of failing on a field the document left out.
const nlohmann::json& fieldOf(const nlohmann::json& object, const std::string& key);

// Any document value: a string as it is, an integer as digits, another number with up to six
// significant digits, a bool as yes/no, null as an em dash, arrays and objects as JSON.
std::string formatValue(const nlohmann::json& value);

}  // namespace everynet::service::admin
