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

constexpr std::array<std::pair<PhantomTumour, const char*>, 4> kTumourNames{{
    {PhantomTumour::rim, "rim"},
    {PhantomTumour::solid, "solid"},
    {PhantomTumour::multifocal, "multifocal"},
    {PhantomTumour::irregular, "irregular"},
}};

constexpr std::array<std::pair<PhantomSite, const char*>, 3> kSiteNames{{
    {PhantomSite::deep, "deep"},
    {PhantomSite::periventricular, "periventricular"},
    {PhantomSite::cortical, "cortical"},
}};

template <typename Enum, std::size_t N>
std::optional<Enum> byName(const std::array<std::pair<Enum, const char*>, N>& names,
                           std::string_view name) {
  for (const auto& [value, value_name] : names) {
    if (name == value_name) return value;
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
const char* nameOf(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
  for (const auto& [known, name] : names) {
    if (known == value) return name;
  }
  return "unknown";
}

}  // namespace

std::optional<PhantomTumour> phantomTumourByName(std::string_view name) {
  return byName(kTumourNames, name);
}

const char* toString(PhantomTumour tumour) {
  return nameOf(kTumourNames, tumour);
}

std::optional<PhantomSite> phantomSiteByName(std::string_view name) {
  return byName(kSiteNames, name);
}

const char* toString(PhantomSite site) {
  return nameOf(kSiteNames, site);
}

std::optional<PhantomChange> phantomChangeByName(std::string_view name) {
  return byName(kChangeNames, name);
}

const char* toString(PhantomChange change) {
  return nameOf(kChangeNames, change);
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
