#include "service/admin/pages/layout.h"

#include <array>
#include <utility>

#include "service/admin/pages/html.h"

namespace everynet::service::admin {
namespace {

struct NavEntry {
  const char* path;
  const char* label;
};

constexpr std::array<NavEntry, 6> kNavigation{{{"/", "Dashboard"},
                                               {"/patients", "Patients"},
                                               {"/jobs", "Jobs"},
                                               {"/exports", "Exports"},
                                               {"/associations", "Associations"},
                                               {"/config", "Configuration"}}};

// "/jobs/7" belongs to the section "/jobs"; "/" only to itself.
bool inSection(std::string_view path, std::string_view section) {
  if (section == "/") return path == "/";
  return path == section ||
         (path.size() > section.size() && path.starts_with(section) && path[section.size()] == '/');
}

std::string navigation(const PageContext& context) {
  std::string markup = "<nav><ul>";
  for (const auto& entry : kNavigation) {
    const bool current = inSection(context.current_path, entry.path);
    markup += std::string("<li><a href=\"") + entry.path + "\"" +
              (current ? " aria-current=\"page\"" : "") + ">" + entry.label + "</a></li>";
  }
  markup += "</ul>";
  markup += "<div class=\"session\"><span class=\"principal\">" + escapeHtml(context.principal) +
            "</span><form method=\"post\" action=\"/logout\"><input type=\"hidden\" "
            "name=\"csrf\" value=\"" +
            escapeHtml(context.csrf_token) + "\"><button type=\"submit\">Sign out</button></form>";
  return markup + "</div></nav>\n";
}

}  // namespace

std::string renderLayout(const PageContext& context, std::string_view title,
                         std::string_view page_name, std::string_view body_markup) {
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"csrf-token\" content=\"" +
      escapeHtml(context.csrf_token) + "\">\n<title>" + escapeHtml(title) +
      " \u2014 EveryNet</title>\n"
      "<link rel=\"stylesheet\" href=\"/assets/admin.css\">\n"
      "<script src=\"/assets/admin.js\" defer></script>\n</head>\n<body data-page=\"" +
      escapeHtml(page_name) + "\">\n<header><span class=\"brand\">EveryNet</span>" +
      navigation(context) + "</header>\n<main>\n<h1>" + escapeHtml(title) + "</h1>\n";
  page += body_markup;
  return page + "</main>\n</body>\n</html>\n";
}

}  // namespace everynet::service::admin
