#include "engine/phantom/internal/contrast.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace everynet::engine::phantom {
namespace {

// Colin27's T1 value of white matter.
constexpr double kWhiteMatterT1 = 112;

struct Knot {
  double t1;
  double signal;
};

// Piecewise linear in the T1 value, constant beyond the ends.
template <std::size_t N>
double interpolate(const std::array<Knot, N>& knots, double t1) {
  if (t1 <= knots.front().t1) return knots.front().signal;
  for (std::size_t i = 1; i < N; ++i) {
    if (t1 <= knots[i].t1) {
      const double t = (t1 - knots[i - 1].t1) / (knots[i].t1 - knots[i - 1].t1);
      return knots[i - 1].signal + t * (knots[i].signal - knots[i - 1].signal);
    }
  }
  return knots.back().signal;
}

// Brain tissue on T2 and FLAIR from its T1 value: CSF (dark on T1) is bright on T2 and
// suppressed on FLAIR; grey matter is brighter than white matter on both.
constexpr std::array<Knot, 5> kT2Brain{{{20, 2.2}, {45, 2.0}, {80, 0.95}, {112, 0.65}, {130, 0.6}}};
constexpr std::array<Knot, 5> kFlairBrain{
    {{20, 0.15}, {45, 0.2}, {80, 1.05}, {112, 0.8}, {130, 0.78}}};

// Signals of the parts that replace tissue, per contrast.
struct Parts {
  double oedema_factor;  // oedema multiplies the tissue by this (T1) ...
  double oedema_signal;  // ... or pulls it towards this (T2, FLAIR); 0: not used
  double venous;         // blood in the sinuses and veins
  double arterial;
  double rim;
  double core;
  double cavity;
  bool enhanced;  // after gadolinium: vessels and rim vary in brightness
};

Parts partsOf(PhantomContrast contrast) {
  switch (contrast) {
    case PhantomContrast::t1ce:
      // The rim's signal is the visit's tumour enhancement (see Enhancement).
      return {0.62, 0, 1.8, 1.6, kDefaultTumourEnhancement, 0.35, 0.28, true};
    case PhantomContrast::t1_native:
      return {0.62, 0, 0.55, 0.3, 0.85, 0.4, 0.28, false};
    case PhantomContrast::t2:
      return {1, 1.6, 0.15, 0.15, 1.15, 1.9, 2.1, false};
    case PhantomContrast::flair:
      return {1, 1.5, 0.2, 0.2, 1.2, 0.9, 0.2, false};
  }
  return {1, 0, 1, 1, 1, 1, 1, false};
}

double tissueSignal(PhantomContrast contrast, const TissueSample& tissue) {
  const double t1 = tissue.t1 / kWhiteMatterT1;
  switch (contrast) {
    case PhantomContrast::t1ce:
    case PhantomContrast::t1_native:
      return t1;
    case PhantomContrast::t2:
      // Outside the brain fat stays bright and bone dark, roughly as on T1.
      return tissue.brain * interpolate(kT2Brain, tissue.t1) + (1 - tissue.brain) * 0.8 * t1;
    case PhantomContrast::flair:
      return tissue.brain * interpolate(kFlairBrain, tissue.t1) + (1 - tissue.brain) * 0.7 * t1;
  }
  return t1;
}

double mix(double a, double b, double fraction) {
  return a + fraction * (b - a);
}

}  // namespace

double relativeSignal(PhantomContrast contrast, const TissueSample& tissue,
                      const LesionSample& lesion, const Enhancement& enhancement) {
  const Parts parts = partsOf(contrast);
  double signal = tissueSignal(contrast, tissue);
  // Oedema spreads along the white matter and spares the cortex; none outside the brain.
  const double oedema = lesion.oedema * tissue.brain * (0.3 + 0.7 * tissue.white_matter);
  signal = parts.oedema_signal > 0 ? mix(signal, parts.oedema_signal, oedema)
                                   : signal * mix(1, parts.oedema_factor, oedema);
  const double venous = parts.venous * (parts.enhanced ? enhancement.venous : 1);
  const double arterial = parts.arterial * (parts.enhanced ? enhancement.arterial : 1);
  signal = mix(signal, venous, tissue.venous);
  signal = mix(signal, arterial, tissue.arterial);
  const double replaced = std::min(1.0, lesion.rim + lesion.core + lesion.cavity);
  const double rim = parts.enhanced ? enhancement.tumour : parts.rim;
  const double lesion_signal = lesion.rim * rim * (parts.enhanced ? lesion.rim_gain : 1) +
                               lesion.core * parts.core + lesion.cavity * parts.cavity;
  return signal * (1 - replaced) + lesion_signal;
}

}  // namespace everynet::engine::phantom
