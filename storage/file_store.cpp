#include "storage/file_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <iterator>
#include <system_error>

namespace everynet::storage {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void throwErrno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// Owns a file descriptor.
class FileDescriptor {
 public:
  FileDescriptor(const fs::path& path, int flags, mode_t mode = 0640)
      : fd_(::open(path.c_str(), flags | O_CLOEXEC, mode)) {
    if (fd_ < 0) throwErrno("cannot open " + path.string());
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

void syncDirectory(const fs::path& directory) {
  FileStore::syncDirectory(directory);
}

// Creates missing directories of `directory` and fsyncs each new one's parent, so the new
// entries survive a crash together with the file that is written inside them.
void createDirectoriesDurably(const fs::path& directory) {
  if (fs::exists(directory)) return;
  createDirectoriesDurably(directory.parent_path());
  std::error_code error;
  if (!fs::create_directory(directory, error) && error) {
    throw std::system_error(error, "cannot create " + directory.string());
  }
  syncDirectory(directory.parent_path());
}

void writeAll(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throwErrno("cannot write " + path.string());
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

std::string uniqueSuffix() {
  static std::atomic<unsigned long> counter{0};
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count()) + "-" +
         std::to_string(counter++);
}

}  // namespace

FileStore::FileStore(fs::path data_dir) : root_(std::move(data_dir)) {
  for (const char* sub : {"instances", "conflicts", "tmp"}) createDirectoriesDurably(root_ / sub);
  // Temporary files of a run that died are incomplete by definition; nothing refers to them.
  for (const auto& entry : fs::directory_iterator(root_ / "tmp")) fs::remove(entry.path());
}

fs::path FileStore::instancePath(std::string_view study_uid, std::string_view series_uid,
                                 std::string_view sop_uid) {
  return fs::path("instances") / study_uid / series_uid / (std::string(sop_uid) + ".dcm");
}

fs::path FileStore::conflictPath(std::string_view sop_uid) const {
  return fs::path("conflicts") / (std::string(sop_uid) + "." + uniqueSuffix() + ".dcm");
}

void FileStore::writeDurably(const fs::path& relative, std::string_view bytes) const {
  const fs::path target = root_ / relative;
  createDirectoriesDurably(target.parent_path());
  const fs::path temporary = root_ / "tmp" / (target.filename().string() + "." + uniqueSuffix());
  {
    FileDescriptor fd(temporary, O_WRONLY | O_CREAT | O_EXCL);
    try {
      writeAll(fd.get(), bytes, temporary);
      if (::fsync(fd.get()) != 0) throwErrno("cannot fsync " + temporary.string());
    } catch (const std::system_error&) {
      // A partial file is of no use, and on a full disk it holds space that others need now.
      ::unlink(temporary.c_str());
      throw;
    }
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temporary.c_str());
    errno = saved;
    throwErrno("cannot rename into " + target.string());
  }
  syncDirectory(target.parent_path());
}

std::string FileStore::read(const fs::path& relative) const {
  std::ifstream in(root_ / relative, std::ios::binary);
  if (!in)
    throw std::system_error(errno, std::generic_category(), "cannot read " + relative.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> FileStore::filesIn(const fs::path& relative_directory) const {
  std::vector<fs::path> files;
  std::error_code error;
  fs::directory_iterator entries(root_ / relative_directory, error);
  if (error == std::errc::no_such_file_or_directory) return files;
  if (error) throw std::system_error(error, "cannot list " + relative_directory.string());
  for (const auto& entry : entries) {
    if (entry.is_regular_file()) files.push_back(relative_directory / entry.path().filename());
  }
  return files;
}

bool FileStore::hasSameContent(const fs::path& relative, std::string_view bytes) const {
  std::error_code error;
  const auto size = fs::file_size(root_ / relative, error);
  if (error || size != bytes.size()) return false;
  return read(relative) == bytes;
}

void FileStore::syncDirectory(const fs::path& directory) {
  FileDescriptor fd(directory, O_RDONLY | O_DIRECTORY);
  if (::fsync(fd.get()) != 0) throwErrno("cannot fsync directory " + directory.string());
}

}  // namespace everynet::storage
