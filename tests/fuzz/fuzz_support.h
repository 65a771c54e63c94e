#pragma once

#include <dcmtk/dcmdata/dcxfer.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace everynet::fuzz {

// Splits a fuzzer's input into the parts a harness needs. Past the end, a part is empty.
class InputReader {
 public:
  InputReader(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  std::uint8_t byte();
  std::string text();  // up to the next NUL, which is skipped
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

// A file for code that reads files only: each input is written to it in turn. One per process
// (the fuzzer's jobs run side by side), removed at the end.
class InputFile {
 public:
  explicit InputFile(std::string_view name);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::filesystem::path& write(const std::uint8_t* data, std::size_t size) const;

 private:
  std::filesystem::path path_;
};

// One of the transfer syntaxes the Storage SCP accepts, as a byte chooses it.
E_TransferSyntax storageTransferSyntax(std::uint8_t choice);
// One of the transfer syntaxes the Query/Retrieve SCP accepts, as a byte chooses it.
E_TransferSyntax queryTransferSyntax(std::uint8_t choice);

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool isUtf8(std::string_view text);

// The service's logging (DCMTK's routed to spdlog) at its default level, written nowhere: the
// log lines are still formatted, quickly and without flooding the fuzzer's output.
void logToNowhere();

}  // namespace everynet::fuzz
