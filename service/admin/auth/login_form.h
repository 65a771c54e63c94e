#pragma once

#include <string>
#include <string_view>

namespace everynet::service::admin {

// The sign-in page: a password form posted to /login, styled by /assets/admin.css, without
// script. `notice` (plain text, escaped here) says why the form is shown again; empty for none.
std::string loginFormPage(std::string_view notice);

}  // namespace everynet::service::admin
