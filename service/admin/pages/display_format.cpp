#include "service/admin/pages/display_format.h"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

#include "service/json_output.h"

namespace everynet::service::admin {
namespace {

constexpr const char* kNone = "\u2014";  // em dash

std::string printf1(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

bool isNumber(const nlohmann::json& value) {
  return value.is_number();
}

}  // namespace

std::string formatLocalTime(double unix_seconds) {
  const auto seconds = static_cast<std::time_t>(std::floor(unix_seconds));
  std::tm local{};
  localtime_r(&seconds, &local);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &local);
  return buffer;
}

std::string formatLocalTime(const nlohmann::json& unix_seconds) {
  return isNumber(unix_seconds) ? formatLocalTime(unix_seconds.get<double>()) : kNone;
}

std::string formatBytes(double bytes) {
  constexpr double kMegabyte = 1e6;
  constexpr double kGigabyte = 1e9;
  if (bytes < kGigabyte) return printf1("%.1f MB", bytes / kMegabyte);
  return printf1("%.2f GB", bytes / kGigabyte);
}

std::string formatMillilitres(const nlohmann::json& millilitres) {
  return isNumber(millilitres) ? printf1("%.1f mL", millilitres.get<double>()) : kNone;
}

std::string formatPercent(const nlohmann::json& percent) {
  return isNumber(percent) ? printf1("%+.1f %%", percent.get<double>()) : kNone;
}

std::string formatDuration(const nlohmann::json& seconds) {
  if (!isNumber(seconds)) return kNone;
  const auto total = static_cast<long long>(std::llround(std::max(0.0, seconds.get<double>())));
  char buffer[64];
  if (total < 60) {
    std::snprintf(buffer, sizeof buffer, "%lld s", total);
  } else if (total < 3600) {
    std::snprintf(buffer, sizeof buffer, "%lld min %lld s", total / 60, total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld h %02lld min", total / 3600, total % 3600 / 60);
  }
  return buffer;
}

std::string formatProgress(const nlohmann::json& fraction) {
  return isNumber(fraction) ? printf1("%.0f %%", fraction.get<double>() * 100.0) : kNone;
}

std::string formatDicomDate(std::string_view date) {
  const bool is_da = date.size() == 8 && date.find_first_not_of("0123456789") == date.npos;
  if (!is_da) return std::string(date);
  return std::string(date.substr(0, 4)) + "-" + std::string(date.substr(4, 2)) + "-" +
         std::string(date.substr(6, 2));
}

std::string formatPersonName(std::string_view name) {
  std::vector<std::string_view> components;
  std::size_t start = 0;
  while (true) {
    const auto caret = name.find('^', start);
    components.push_back(name.substr(start, caret == name.npos ? name.npos : caret - start));
    if (caret == name.npos) break;
    start = caret + 1;
  }
  std::string formatted(components.front());
  std::string rest;
  for (std::size_t i = 1; i < components.size(); ++i) {
    if (components[i].empty()) continue;
    if (!rest.empty()) rest += ' ';
    rest += components[i];
  }
  if (!rest.empty()) formatted += formatted.empty() ? rest : ", " + rest;
  return formatted;
}

const nlohmann::json& fieldOf(const nlohmann::json& object, const std::string& key) {
  static const nlohmann::json kNull;
  if (!object.is_object()) return kNull;
  const auto member = object.find(key);
  return member == object.end() ? kNull : *member;
}

std::string formatValue(const nlohmann::json& value) {
  if (value.is_null()) return kNone;
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  if (value.is_number_float()) return printf1("%.6g", value.get<double>());
  return jsonText(value);
}

}  // namespace everynet::service::admin
