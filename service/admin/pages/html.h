#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "service/admin/http/html_escape.h"

namespace everynet::service::admin {

// Small pieces of markup; every argument that is text is escaped, `*_markup` ones are not.

// <td>text</td>
std::string cell(std::string_view text);
// <a href="href">text</a>
std::string link(std::string_view href, std::string_view text);
// A table with a header row; each row is <tr> markup. Without rows it says empty_text.
std::string table(const std::vector<std::string>& headers, const std::vector<std::string>& rows,
                  std::string_view empty_text);
// A button that POSTs json_body to action with the session's CSRF token. admin.js sends it with
// fetch (X-CSRF-Token header, JSON body) and reloads the page after success; without scripts
// the form still posts the token as the `csrf` field.
std::string postButton(std::string_view action, std::string_view label, std::string_view csrf_token,
                       const nlohmann::json& json_body);

}  // namespace everynet::service::admin
