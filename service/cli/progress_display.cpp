#include "service/cli/progress_display.h"

#include <unistd.h>

#include <cstdio>

namespace everynet::service {
namespace {

constexpr int kBarWidth = 30;

}  // namespace

ProgressDisplay::ProgressDisplay() : terminal_(::isatty(STDERR_FILENO) == 1) {}

void ProgressDisplay::show(const TrainerIteration& p) {
  const double fraction = p.total > 0 ? static_cast<double>(p.iteration) / p.total : 1.0;
  if (terminal_) {
    const int filled = static_cast<int>(fraction * kBarWidth);
    std::fprintf(stderr, "\rtraining [%-*.*s] %4d/%d  critic %+.3f  generator %+.3f  ETA %4.0f s",
                 kBarWidth, filled, "##############################", p.iteration, p.total,
                 p.critic_loss, p.generator_loss, p.eta_seconds);
    std::fflush(stderr);
    return;
  }
  const int tenth = static_cast<int>(fraction * 10);
  if (tenth == last_tenth_) return;
  last_tenth_ = tenth;
  std::fprintf(stderr,
               "training: iteration %d/%d, critic loss %.4f, generator loss %.4f, ETA %.0f s\n",
               p.iteration, p.total, p.critic_loss, p.generator_loss, p.eta_seconds);
}

void ProgressDisplay::finish() {
  if (terminal_) std::fputc('\n', stderr);
}

}  // namespace everynet::service
