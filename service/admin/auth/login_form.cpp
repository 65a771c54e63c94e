#include "service/admin/auth/login_form.h"

#include "service/admin/http/html_escape.h"

namespace everynet::service::admin {
std::string loginFormPage(std::string_view notice) {
  std::string page =
      "<!DOCTYPE html>\n"
      "<html lang=\"en\">\n"
      "<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>EveryNet: sign in</title>\n"
      "<link rel=\"stylesheet\" href=\"/assets/admin.css\">\n"
      "</head>\n"
      "<body class=\"sign-in\">\n"
      "<main>\n"
      "<h1>EveryNet</h1>\n";
  if (!notice.empty())
    page += "<p class=\"notice\" role=\"alert\">" + escapeHtml(notice) + "</p>\n";
  page +=
      "<form method=\"post\" action=\"/login\">\n"
      "<label for=\"password\">Password</label>\n"
      "<input id=\"password\" name=\"password\" type=\"password\" "
      "autocomplete=\"current-password\" required autofocus>\n"
      "<button type=\"submit\">Sign in</button>\n"
      "</form>\n"
      "</main>\n"
      "</body>\n"
      "</html>\n";
  return page;
}

}  // namespace everynet::service::admin
