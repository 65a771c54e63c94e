// A DICOM Segmentation file through the reader of a baseline's tumour segmentation (a SEG the
// PACS sends with a study). Refusals are std::runtime_error; anything else escapes and is
// reported.
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "dicom/results/tumour_segmentation_reader.h"
#include "tests/fuzz/fuzz_support.h"

// DCMTK 3.6.7's DcmSegmentation::loadDataset leaks the object it made (some 30 KB) whenever
// reading it fails, a wrong SOP Class for one, and hands out none to free. Its allocations are
// those of dcmseg, dcmfg and dcmiod, which only this harness uses; without this, every fuzzing
// run would stop at that leak within seconds.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libdcmseg.so\nleak:libdcmfg.so\nleak:libdcmiod.so\n";
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  everynet::fuzz::logToNowhere();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const everynet::fuzz::InputFile file("segmentation.dcm");
  try {
    everynet::dicom::readTumourSegmentation(file.write(data, size));
  } catch (const std::runtime_error&) {
  }
  return 0;
}
