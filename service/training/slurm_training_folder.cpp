#include "service/training/slurm_training_folder.h"

#include <fstream>
#include <stdexcept>

namespace everynet::service {
namespace fs = std::filesystem;
namespace {

constexpr const char* kProgressFile = "progress.jsonl";

std::uintmax_t sizeOrZero(const fs::path& file) {
  std::error_code error;
  const auto size = fs::file_size(file, error);
  return error ? 0 : size;
}

void createPrivateDirectory(const fs::path& directory) {
  fs::create_directories(directory);
  fs::permissions(directory, fs::perms::owner_all, fs::perm_options::replace);
}

// The service user's alone: copies keep their source's permissions, which may let others read.
void makePrivate(const fs::path& path) {
  const auto mode = [](const fs::path& p) {
    return fs::is_directory(p) ? fs::perms::owner_all
                               : fs::perms::owner_read | fs::perms::owner_write;
  };
  fs::permissions(path, mode(path), fs::perm_options::replace);
  if (!fs::is_directory(path)) return;
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    fs::permissions(entry.path(), mode(entry.path()), fs::perm_options::replace);
  }
}

// Copies a file or folder to `to` through a temporary name, so that `to` is whole or absent, and
// private.
void copyWhole(const fs::path& from, const fs::path& to) {
  const fs::path partial = to.string() + ".partial";
  fs::remove_all(partial);
  fs::copy(from, partial, fs::copy_options::recursive);
  makePrivate(partial);
  fs::remove_all(to);
  fs::rename(partial, to);
}

void appendFile(const fs::path& from, const fs::path& to) {
  std::ifstream in(from, std::ios::binary);
  if (!in) return;
  std::ofstream(to, std::ios::binary | std::ios::app) << in.rdbuf();
}

}  // namespace

SlurmTrainingFolder::SlurmTrainingFolder(const fs::path& shared_dir, const std::string& name)
    : root_(shared_dir / name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    throw std::invalid_argument("a training's name must name one folder, not \"" + name + "\"");
  }
}

bool SlurmTrainingFolder::hasMap() const {
  return fs::exists(trainerOut() / "map.vol");
}

void SlurmTrainingFolder::prepare(const TrainingRequest& request) const {
  createPrivateDirectory(root_);
  copyWhole(request.pair_dir, pair());
  createPrivateDirectory(trainerOut());
  fs::remove(trainerOut() / "map.vol");
  const fs::path progress = trainerOut() / kProgressFile;
  if (!fs::exists(progress) && fs::exists(request.out_dir / kProgressFile)) {
    fs::copy_file(request.out_dir / kProgressFile, progress);
    makePrivate(progress);
  }
  const fs::path checkpoint = trainerOut() / "checkpoint";
  if (!fs::exists(checkpoint) && fs::exists(request.out_dir / "checkpoint")) {
    copyWhole(request.out_dir / "checkpoint", checkpoint);
  }
}

void SlurmTrainingFolder::mirrorProgress(const fs::path& out_dir) const {
  const fs::path local = out_dir / kProgressFile;
  const auto from = sizeOrZero(local);
  const auto to = sizeOrZero(trainerOut() / kProgressFile);
  if (to <= from) return;
  std::ifstream in(trainerOut() / kProgressFile, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(from));
  std::string added(to - from, '\0');
  in.read(added.data(), static_cast<std::streamsize>(added.size()));
  added.resize(static_cast<std::size_t>(in.gcount()));
  std::ofstream(local, std::ios::binary | std::ios::app) << added;
}

void SlurmTrainingFolder::bringBack(const fs::path& out_dir) const {
  fs::create_directories(out_dir);
  mirrorProgress(out_dir);
  if (fs::exists(trainerOut() / "checkpoint")) {
    copyWhole(trainerOut() / "checkpoint", out_dir / "checkpoint");
  }
  if (hasMap()) copyWhole(trainerOut() / "map.vol", out_dir / "map.vol");
  appendFile(jobOutput(), out_dir / "trainer.log");
}

std::string SlurmTrainingFolder::jobOutputTail(std::size_t bytes) const {
  const auto size = sizeOrZero(jobOutput());
  std::ifstream in(jobOutput(), std::ios::binary);
  in.seekg(static_cast<std::streamoff>(size - std::min<std::uintmax_t>(size, bytes)));
  std::string tail{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (size > bytes) {  // from the first whole line on
    const auto newline = tail.find('\n');
    if (newline != std::string::npos) tail.erase(0, newline + 1);
  }
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' ')) tail.pop_back();
  std::string line;
  for (const char c : tail) {
    if (c == '\n') {
      line += " | ";
    } else {
      line += (c == '\r' || c == '\t') ? ' ' : c;
    }
  }
  return line;
}

void SlurmTrainingFolder::remove() const {
  fs::remove_all(root_);
}

}  // namespace everynet::service
