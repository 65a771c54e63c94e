#pragma once

#include <regex>
#include <string>
#include <vector>

#include "storage/series_attributes.h"

namespace everynet::service {

// The rule set that decides whether a series is T1 contrast-enhanced. Patterns are ECMAScript
// regular expressions, case-insensitive, matched against "<series description> | <protocol
// name>" in lower case with '_', '-', '.' and '/' read as spaces (so "t1_mprage_KM" reads
// "t1 mprage km" and \bkm\b finds it).
struct ClassifierRules {
  std::vector<std::string> contrast_patterns;  // hints that contrast was given (+C, KM, GD, POST…)
  std::vector<std::string> exclude_patterns;   // never T1ce (PRE, T2, FLAIR, DWI, localizer…)
  std::vector<std::string> t1_patterns;        // T1-weighted sequences by name (MPRAGE, BRAVO…)
  // T1-like timing: spin-echo and gradient-echo T1 have short TR and TE.
  double t1_max_repetition_ms = 800;
  double t1_max_echo_ms = 30;
  // Inversion-prepared T1 gradient echo (MPRAGE and its relatives): TR up to ~3 s, TE a few ms.
  double ir_t1_max_repetition_ms = 3000;
  double ir_t1_max_echo_ms = 10;
  // From this echo time on a series is T2-weighted, whatever its name says.
  double t2_min_echo_ms = 60;

  static ClassifierRules defaults();
};

struct T1ceDecision {
  bool is_t1ce = false;
  std::string reason;  // one sentence naming what decided
};

// Decides in this order, the first rule that applies wins:
//  1. modality other than MR: no;
//  2. image type DERIVED or SECONDARY (reformats, subtractions, maps, MIPs): no;
//  3. an exclude pattern: no;
//  4. no contrast evidence (neither Contrast/Bolus Agent nor a contrast pattern): no;
//  5. T2-like echo time: no, even with contrast;
//  6. T1 evidence by name or by timing: yes;
//  7. timing known but not T1-like: no;
//  8. contrast with neither a T1 hint nor timing ("AX POST GAD"): yes, T1 assumed, as a
//     radiologist reads an unqualified post-contrast series.
// Thread-safe after construction.
class T1ceClassifier {
 public:
  // Throws std::invalid_argument naming a pattern that is not a valid regular expression.
  explicit T1ceClassifier(ClassifierRules rules);

  T1ceDecision classify(const storage::SeriesAttributes& series) const;

 private:
  struct Pattern {
    std::string text;
    std::regex regex;
  };
  static std::vector<Pattern> compile(const std::vector<std::string>& patterns);
  // The text the first matching pattern found, e.g. "km" for \bkm\b; empty when none matched.
  static std::string firstMatch(const std::vector<Pattern>& patterns, const std::string& text);

  ClassifierRules rules_;
  std::vector<Pattern> contrast_;
  std::vector<Pattern> exclude_;
  std::vector<Pattern> t1_;
};

}  // namespace everynet::service
