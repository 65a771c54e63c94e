#include "service/rules/t1ce_classifier.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace everynet::service {
namespace {

std::string normalised(const storage::SeriesAttributes& series) {
  std::string text = series.series_description + " | " + series.protocol_name;
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    if (c == '_' || c == '-' || c == '.' || c == '/') return ' ';
    return static_cast<char>(std::tolower(c));
  });
  return text;
}

bool hasImageTypeValue(const std::string& image_type, const std::string& value) {
  std::stringstream values(image_type);
  std::string item;
  while (std::getline(values, item, '\\')) {
    if (item == value) return true;
  }
  return false;
}

std::string milliseconds(double value) {
  std::ostringstream text;
  text << value << " ms";
  return text.str();
}

}  // namespace

ClassifierRules ClassifierRules::defaults() {
  ClassifierRules rules;
  rules.contrast_patterns = {
      R"(\+\s*c\b)",  // "+C", "T1 + C"
      R"(\+\s*(gd|km|kontrast|contrast)\b)",
      R"(\bc\+)",   // "C+"
      R"(\bkm\b)",  // Kontrastmittel
      R"(\bgd\b)",
      R"(\bgad)",
      R"(gado)",
      R"(\bpost\b)",
      R"(\bce\b)",
      R"(\bkm\s*t1\b)",
      R"(contrast)",
      R"(kontrast)",
      R"(dotarem|gadovist|magnevist|multihance|prohance|clariscan|omniscan|dotagraf|elucirem)",
  };
  rules.exclude_patterns = {
      R"(\bpre\b)",
      R"(\bprecontrast)",
      R"(\bnativ)",
      R"(\bnative\b)",
      R"(\bohne\s+km\b)",
      R"(\bt2)",                          // T2, T2W, T2*, t2_tse
      R"(^(?!.*\bt1w?\s*flair).*flair)",  // FLAIR, unless it is T1 FLAIR
      R"(\bdark\s*fluid)",
      R"(\bdwi\b|\bdiff|\btrace\b|\badc\b|\bdti\b|\btensor\b)",
      R"(\bswi\b|\bswan\b|\bsusc|\bmag\s*images?\b|\bpha\s*images?\b)",
      R"(perf|\bdsc\b|\bdce\b|\basl\b|\bpwi\b|\bbolus\s*track)",
      R"(locali[sz]er|\bscout\b|\bsurvey\b|\bloc\b|\baahead|\bcalibration|\bassets?\b)",
      R"(\bsub\b|subtract|subtrakt)",
      R"(\bmip\b|\btof\b|\bmra\b|angio|\bvenogra)",
      R"(\bpd\b|proton\s*density|\bstir\b|\bspectro|\bsvs\b|\bcsi\b)",
  };
  rules.t1_patterns = {
      R"(\bt1)", R"(mp\s*rage|mprage)", R"(\bf?spgr\b|\bspgr)", R"(bravo)",       R"(\btfe\b)",
      R"(vibe)", R"(\bfl[23]d\b)",      R"(\bffe\b)",           R"(\bmp2rage\b)",
  };
  return rules;
}

std::vector<T1ceClassifier::Pattern> T1ceClassifier::compile(
    const std::vector<std::string>& patterns) {
  std::vector<Pattern> compiled;
  for (const auto& text : patterns) {
    try {
      compiled.push_back({text, std::regex(text, std::regex::ECMAScript | std::regex::icase |
                                                     std::regex::optimize)});
    } catch (const std::regex_error& error) {
      throw std::invalid_argument("pattern '" + text +
                                  "' is not a valid regular expression: " + error.what());
    }
  }
  return compiled;
}

std::string T1ceClassifier::firstMatch(const std::vector<Pattern>& patterns,
                                       const std::string& text) {
  std::smatch match;
  for (const auto& pattern : patterns) {
    // A pattern that matches only an empty string still counts; say where.
    if (std::regex_search(text, match, pattern.regex)) {
      return match.length(0) > 0 ? match.str(0) : "/" + pattern.text + "/";
    }
  }
  return {};
}

T1ceClassifier::T1ceClassifier(ClassifierRules rules)
    : rules_(std::move(rules)),
      contrast_(compile(rules_.contrast_patterns)),
      exclude_(compile(rules_.exclude_patterns)),
      t1_(compile(rules_.t1_patterns)) {}

T1ceDecision T1ceClassifier::classify(const storage::SeriesAttributes& series) const {
  if (series.modality != "MR") {
    return {false, "modality '" + series.modality + "' is not MR"};
  }
  if (hasImageTypeValue(series.image_type, "DERIVED") ||
      hasImageTypeValue(series.image_type, "SECONDARY")) {
    return {false, "derived or secondary image type '" + series.image_type +
                       "' (reformat, subtraction or map)"};
  }
  const std::string text = normalised(series);
  if (const auto excluded = firstMatch(exclude_, text); !excluded.empty()) {
    return {false, "'" + excluded + "' in description or protocol excludes it"};
  }

  std::string contrast;
  if (!series.contrast_bolus_agent.empty()) {
    contrast = "contrast agent '" + series.contrast_bolus_agent + "' recorded";
  } else if (const auto hint = firstMatch(contrast_, text); !hint.empty()) {
    contrast = "contrast hint '" + hint + "' in description or protocol";
  } else {
    return {false, "no contrast agent recorded and no contrast hint in description or protocol"};
  }

  const auto tr = series.repetition_time_ms;
  const auto te = series.echo_time_ms;
  if (te && *te >= rules_.t2_min_echo_ms) {
    return {false, contrast + ", but echo time " + milliseconds(*te) + " is T2-like"};
  }
  if (const auto t1 = firstMatch(t1_, text); !t1.empty()) {
    return {true, contrast + "; T1 by name ('" + t1 + "')"};
  }
  if (tr && te) {
    if (*tr <= rules_.t1_max_repetition_ms && *te <= rules_.t1_max_echo_ms) {
      return {true, contrast + "; T1-like timing (TR " + milliseconds(*tr) + ", TE " +
                        milliseconds(*te) + ")"};
    }
    if (series.inversion_time_ms && *tr <= rules_.ir_t1_max_repetition_ms &&
        *te <= rules_.ir_t1_max_echo_ms) {
      return {true, contrast + "; inversion-prepared T1 timing (TR " + milliseconds(*tr) + ", TE " +
                        milliseconds(*te) + ", TI " + milliseconds(*series.inversion_time_ms) +
                        ")"};
    }
    return {false, contrast + ", but timing (TR " + milliseconds(*tr) + ", TE " +
                       milliseconds(*te) + ") is not T1-like"};
  }
  return {true, contrast +
                    "; no T1 hint and no timing, so T1 is assumed for a post-contrast "
                    "series"};
}

}  // namespace everynet::service
