#pragma once

#include <string>
#include <string_view>

namespace everynet::service::admin {

// Every string that goes into HTML text or an attribute value passes through here: & < > " and '
// become character references, so no value can open a tag or leave a quoted attribute; bytes
// that are not UTF-8 (a name stored by an older build) become U+FFFD, as pages are UTF-8.
std::string escapeHtml(std::string_view text);

}  // namespace everynet::service::admin
