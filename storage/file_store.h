#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace everynet::storage {

// The files under the data directory. Every write is durable before it returns: written to a
// temporary file, fsynced, renamed into place, and the directory fsynced, so a file that exists
// after a crash is complete. Paths handed in and out are relative to the data directory.
class FileStore {
 public:
  // Creates the directory layout under data_dir if needed. Throws std::system_error.
  explicit FileStore(std::filesystem::path data_dir);

  const std::filesystem::path& root() const { return root_; }

  // Where an instance lives; UIDs must already be validated (digits and dots only).
  static std::filesystem::path instancePath(std::string_view study_uid, std::string_view series_uid,
                                            std::string_view sop_uid);
  // Where an instance whose UID is known with other content is kept aside; unique per call.
  std::filesystem::path conflictPath(std::string_view sop_uid) const;

  // Writes bytes durably at `relative`, replacing a file there. Throws std::system_error.
  void writeDurably(const std::filesystem::path& relative, std::string_view bytes) const;
  bool hasSameContent(const std::filesystem::path& relative, std::string_view bytes) const;
  std::string read(const std::filesystem::path& relative) const;
  // The regular files directly in a directory, as relative paths; none if it does not exist.
  std::vector<std::filesystem::path> filesIn(const std::filesystem::path& relative_directory) const;
  // Makes the entries of a directory (an absolute path) durable, e.g. after a rename into it.
  static void syncDirectory(const std::filesystem::path& directory);

 private:
  std::filesystem::path root_;
};

}  // namespace everynet::storage
