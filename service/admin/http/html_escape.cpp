#include "service/admin/http/html_escape.h"

#include "dicom/network_text.h"

namespace everynet::service::admin {

std::string escapeHtml(std::string_view text) {
  const std::string utf8 = dicom::validUtf8(text);
  std::string escaped;
  escaped.reserve(utf8.size());
  for (const char c : utf8) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

}  // namespace everynet::service::admin
