#include "dicom/instance_file.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>

#include <stdexcept>
#include <variant>

#include "dicom/internal/check.h"
#include "dicom/internal/dataset_header.h"
#include "dicom/internal/part10_bytes.h"

namespace everynet::dicom {
namespace {

// Reads a whole Part 10 file. Stopping before the pixel data would make DCMTK log a warning.
void readFile(std::string_view part10_bytes, DcmFileFormat& file) {
  DcmInputBufferStream stream;
  stream.setBuffer(part10_bytes.data(), static_cast<offile_off_t>(part10_bytes.size()));
  stream.setEos();
  file.transferInit();
  const OFCondition read = file.read(stream);
  file.transferEnd();
  internal::check(read, "cannot read the instance file");
}

}  // namespace

InstanceHeader readInstanceFileHeader(std::string_view part10_bytes) {
  DcmFileFormat file;
  readFile(part10_bytes, file);
  DcmDataset& dataset = *file.getDataset();
  OFString sop_class;
  OFString sop_instance;
  dataset.findAndGetOFString(DCM_SOPClassUID, sop_class);
  dataset.findAndGetOFString(DCM_SOPInstanceUID, sop_instance);
  // The file's own UIDs stand in for those of the C-STORE request that brought it.
  auto header = internal::readInstanceHeader(dataset, sop_class.c_str(), sop_instance.c_str());
  if (const auto* error = std::get_if<internal::HeaderError>(&header)) {
    throw std::runtime_error("instance file cannot be indexed: " + error->reason);
  }
  return std::get<InstanceHeader>(std::move(header));
}

bool holdSameDataset(std::string_view first_part10, std::string_view second_part10) {
  DcmFileFormat first;
  DcmFileFormat second;
  readFile(first_part10, first);
  readFile(second_part10, second);
  return internal::encodePart10(*first.getDataset()) ==
         internal::encodePart10(*second.getDataset());
}

}  // namespace everynet::dicom
