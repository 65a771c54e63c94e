#pragma once

#include <filesystem>

#include "engine/core/training_pair.h"
#include "engine/geometry/volume.h"

namespace everynet::engine {

// A training pair and a change map as files, so that a pair preprocessed where ITK is
// (`everynet analyze --export-pair`) can be trained on a machine that has LibTorch alone, such as
// a GPU machine (`everynet-train`, engine/core/TRAINER.md), and its map read out where the pair
// came from
// (`everynet analyze --change-map`). A volume file is a one-line header
// "EVERYNET-VOLUME 1 NX NY NZ SX SY SZ" (size in voxels, spacing in mm) and then the voxels as
// little-endian float32, x fastest. They hold images of one patient without any name or ID;
// they are still patient data.
void writeVolumeFile(const std::filesystem::path& file, const geometry::Volume& volume);
// Throws std::runtime_error when the file is missing, not a volume file, or cut short.
geometry::Volume readVolumeFile(const std::filesystem::path& file);

// What `everynet analyze --export-pair` writes: the training pair, and the baseline's brain mask
// (1 inside, 0 outside), outside which the analysis ignores the map, so that a map written for
// it need not carry what lies there (a map of the paper's grid is 32 MiB as it is, and its
// values outside the brain do not compress).
struct PairFiles {
  TrainingPair pair;
  geometry::Volume brain_mask;
};

// The version of the prepared pair: its files and everything the trainer reads and writes
// around it (engine/core/TRAINER.md). A change to any of it raises it.
constexpr int kPairFormat = 2;

// DIR/FORMAT ("EVERYNET-PAIR 2"), DIR/baseline.vol, DIR/followup.vol, DIR/brain_mask.vol and
// DIR/tumour_slices.txt (one slice index per line).
void writePairFiles(const std::filesystem::path& dir, const PairFiles& files);
// Throws std::runtime_error for a directory of another pair format (or none: format 1 had no
// FORMAT file), saying which formats, and for missing or broken files.
PairFiles readPairFiles(const std::filesystem::path& dir);

}  // namespace everynet::engine
