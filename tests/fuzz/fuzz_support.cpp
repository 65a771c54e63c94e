#include "tests/fuzz/fuzz_support.h"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <vector>

#include "dicom/dcmtk_logging.h"
#include "dicom/internal/accepted_syntaxes.h"

namespace everynet::fuzz {
namespace {

E_TransferSyntax chosen(const std::vector<std::string>& uids, std::uint8_t choice) {
  return DcmXfer(uids[choice % uids.size()].c_str()).getXfer();
}

}  // namespace

std::uint8_t InputReader::byte() {
  if (rest_.empty()) return 0;
  const auto value = static_cast<std::uint8_t>(rest_.front());
  rest_.remove_prefix(1);
  return value;
}

std::string InputReader::text() {
  const auto end = rest_.find('\0');
  std::string value(rest_.substr(0, end));
  rest_.remove_prefix(end == rest_.npos ? rest_.size() : end + 1);
  return value;
}

InputFile::InputFile(std::string_view name)
    : path_(std::filesystem::temp_directory_path() /
            ("everynet-fuzz-" + std::to_string(::getpid()) + "-" + std::string(name))) {}

InputFile::~InputFile() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

const std::filesystem::path& InputFile::write(const std::uint8_t* data, std::size_t size) const {
  std::ofstream(path_, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path_;
}

E_TransferSyntax storageTransferSyntax(std::uint8_t choice) {
  return chosen(dicom::internal::acceptedStorageTransferSyntaxes(), choice);
}

E_TransferSyntax queryTransferSyntax(std::uint8_t choice) {
  return chosen(dicom::internal::queryRetrieveTransferSyntaxes(), choice);
}

bool isUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80                   ? 1
                       : lead >= 0xC2 && lead < 0xE0 ? 2
                       : lead >= 0xE0 && lead < 0xF0 ? 3
                       : lead >= 0xF0 && lead < 0xF5 ? 4
                                                     : 0;
    if (length == 0 || i + length > text.size()) return false;
    char32_t code = length == 1 ? lead : lead & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    const char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

void logToNowhere() {
  auto logger =
      std::make_shared<spdlog::logger>("fuzz", std::make_shared<spdlog::sinks::null_sink_mt>());
  logger->set_level(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
  dicom::routeDcmtkLoggingToSpdlog();
}

}  // namespace everynet::fuzz
