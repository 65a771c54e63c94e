#include "engine/phantom/internal/template_reader.h"

#include <stdexcept>

#include "engine/imaging/nifti_io.h"

namespace everynet::engine::phantom {

geometry::PatientVolume readTemplate(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file)) {
    throw std::runtime_error("phantom template not found: " + file.string() +
                             " (Debian package mricron-data)");
  }
  return readNifti(file);
}

}  // namespace everynet::engine::phantom
