#pragma once

#include <string>

namespace everynet::service::admin {

// What every page needs besides its document: who is signed in, the session's CSRF token that
// forms and scripts send back, and the path being shown (to mark the current section in the nav).
struct PageContext {
  std::string principal;
  std::string csrf_token;
  std::string current_path;
};

}  // namespace everynet::service::admin
