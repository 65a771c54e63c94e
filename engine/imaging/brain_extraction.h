#pragma once

#include "engine/geometry/patient_volume.h"
#include "engine/geometry/volume.h"

namespace everynet::engine {

// Classical brain extraction of a T1(ce) head scan (no learned weights): intensity threshold,
// morphology, the largest component and hole filling, on a 2 mm copy of the scan (the method and
// its Dice against BET on Colin27 are in internal/brain_mask.cpp). Returns a 0/1 mask on the
// scan's grid, empty when the scan shows no head.
geometry::PatientVolume extractBrainMask(const geometry::PatientVolume& head);

// Dice overlap of two masks on the same grid (voxels > 0.5 count as inside); 1 when both empty.
double diceCoefficient(const geometry::Volume& a, const geometry::Volume& b);

}  // namespace everynet::engine
