// Names of the phantom's enumerations, as on the command line and in truth files.
#include <array>
#include <utility>

#include "engine/phantom/longitudinal_phantom.h"

namespace everynet::engine {
namespace {

constexpr std::array<std::pair<PhantomChange, const char*>, 6> kChangeNames{{
    {PhantomChange::progression, "progression"},
    {PhantomChange::stable, "stable"},
    {PhantomChange::response, "response"},
    {PhantomChange::complete, "complete"},
    {PhantomChange::nochange, "nochange"},
    {PhantomChange::new_lesion, "new"},
}};

}  // namespace

std::optional<PhantomChange> phantomChangeByName(std::string_view name) {
  for (const auto& [change, change_name] : kChangeNames) {
    if (name == change_name) return change;
  }
  return std::nullopt;
}

const char* toString(PhantomChange change) {
  for (const auto& [known, name] : kChangeNames) {
    if (known == change) return name;
  }
  return "unknown";
}

const char* toString(PhantomVisit visit) {
  return visit == PhantomVisit::baseline ? "baseline" : "followup";
}

const char* toString(PhantomContrast contrast) {
  switch (contrast) {
    case PhantomContrast::t1ce:
      return "t1ce";
    case PhantomContrast::t1_native:
      return "t1_native";
    case PhantomContrast::t2:
      return "t2";
    case PhantomContrast::flair:
      return "flair";
  }
  return "unknown";
}

}  // namespace everynet::engine
