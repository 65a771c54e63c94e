#include "engine/core/training_pair_files.h"

#include <bit>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace everynet::engine {
namespace {

// The voxels are written as they lie in memory.
static_assert(std::endian::native == std::endian::little, "volume files are little-endian");

constexpr const char* kMagic = "EVERYNET-VOLUME";
constexpr int kFormatVersion = 1;
constexpr const char* kPairMagic = "EVERYNET-PAIR";

std::runtime_error refuse(const std::filesystem::path& file, const std::string& reason) {
  return std::runtime_error(file.string() + ": " + reason);
}

// The pair format DIR/FORMAT names; 1 when there is none (format 1 had no such file), 0 when it
// names none.
int pairFormatOf(const std::filesystem::path& dir) {
  std::ifstream in(dir / "FORMAT");
  if (!in) return 1;
  std::string magic;
  int format = 0;
  if (!(in >> magic >> format) || magic != kPairMagic) return 0;
  return format;
}

void checkPairFormat(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) throw refuse(dir, "not a directory");
  const int format = pairFormatOf(dir);
  if (format == kPairFormat) return;
  const std::string found = format == 1   ? "a prepared pair of format 1 (no FORMAT file)"
                            : format == 0 ? "FORMAT names no pair format"
                                          : "a prepared pair of format " + std::to_string(format);
  throw refuse(dir, found + "; this program reads format " + std::to_string(kPairFormat));
}

}  // namespace

void writeVolumeFile(const std::filesystem::path& file, const geometry::Volume& volume) {
  std::ofstream out(file, std::ios::binary);
  out.precision(17);
  out << kMagic << ' ' << kFormatVersion << ' ' << volume.size[0] << ' ' << volume.size[1] << ' '
      << volume.size[2] << ' ' << volume.spacing_mm[0] << ' ' << volume.spacing_mm[1] << ' '
      << volume.spacing_mm[2] << '\n';
  out.write(reinterpret_cast<const char*>(volume.voxels.data()),
            static_cast<std::streamsize>(volume.voxels.size() * sizeof(float)));
  if (!out.flush()) throw refuse(file, "cannot write");
}

geometry::Volume readVolumeFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw refuse(file, "cannot read");
  std::string header;
  std::getline(in, header);
  std::istringstream fields(header);
  std::string magic;
  int version = 0;
  geometry::Volume volume;
  fields >> magic >> version >> volume.size[0] >> volume.size[1] >> volume.size[2] >>
      volume.spacing_mm[0] >> volume.spacing_mm[1] >> volume.spacing_mm[2];
  if (!fields || magic != kMagic || version != kFormatVersion) {
    throw refuse(file, "not an EveryNet volume file");
  }
  for (const int n : volume.size) {
    if (n < 1 || n > 4096) throw refuse(file, "implausible size in the header");
  }
  volume.voxels.resize(static_cast<std::size_t>(volume.size[0]) * volume.size[1] * volume.size[2]);
  const auto bytes = static_cast<std::streamsize>(volume.voxels.size() * sizeof(float));
  in.read(reinterpret_cast<char*>(volume.voxels.data()), bytes);
  if (in.gcount() != bytes || in.peek() != std::char_traits<char>::eof()) {
    throw refuse(file, "the voxels do not match the header's size");
  }
  return volume;
}

void writePairFiles(const std::filesystem::path& dir, const PairFiles& files) {
  std::filesystem::create_directories(dir);
  std::ofstream format(dir / "FORMAT");
  format << kPairMagic << ' ' << kPairFormat << '\n';
  if (!format.flush()) throw refuse(dir / "FORMAT", "cannot write");
  writeVolumeFile(dir / "baseline.vol", files.pair.baseline);
  writeVolumeFile(dir / "followup.vol", files.pair.followup);
  writeVolumeFile(dir / "brain_mask.vol", files.brain_mask);
  std::ofstream slices(dir / "tumour_slices.txt");
  for (const auto slice : files.pair.tumour_slices) slices << slice << '\n';
  if (!slices.flush()) throw refuse(dir / "tumour_slices.txt", "cannot write");
}

PairFiles readPairFiles(const std::filesystem::path& dir) {
  checkPairFormat(dir);
  PairFiles files{{readVolumeFile(dir / "baseline.vol"), readVolumeFile(dir / "followup.vol"), {}},
                  readVolumeFile(dir / "brain_mask.vol")};
  std::ifstream slices(dir / "tumour_slices.txt");
  if (!slices) throw refuse(dir / "tumour_slices.txt", "cannot read");
  for (std::int64_t slice = 0; slices >> slice;) files.pair.tumour_slices.push_back(slice);
  if (!slices.eof()) throw refuse(dir / "tumour_slices.txt", "not a list of slice indices");
  return files;
}

}  // namespace everynet::engine
