#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace everynet::bench {

// How the read-out's RANO class compares with the truth. Class names as the report writes them
// ("stable disease"; underscores read as spaces). "not assessable" is the read-out withholding
// a class (its baseline was unusable): withheld, neither right nor wrong.
enum class RanoOutcome { correct, wrong, withheld };

RanoOutcome ranoOutcome(const std::string& true_class, const std::string& found_class);

// A progression called where the truth is stable disease (a stable or a no-change pair): the
// error that changes treatment, counted on its own.
bool falseProgression(const std::string& true_class, const std::string& found_class);

// RANO classes of one method over its cases.
struct RanoTally {
  std::size_t correct = 0;
  std::size_t wrong = 0;
  std::size_t withheld = 0;
  std::size_t false_progressions = 0;            // on stable and no-change pairs
  std::size_t false_progressions_no_change = 0;  // of these, on no-change pairs

  void add(const std::string& true_class, const std::string& found_class, bool no_change_pair);
  std::size_t assessed() const { return correct + wrong; }
  std::size_t cases() const { return assessed() + withheld; }
  // Correct among the cases given a class; undefined when every class was withheld.
  std::optional<double> accuracy() const;
  // Correct or withheld among all cases (a withheld class misleads no one); undefined with no
  // cases.
  std::optional<double> correctOrWithheld() const;
};

}  // namespace everynet::bench
