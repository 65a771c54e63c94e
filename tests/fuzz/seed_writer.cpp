// Writes the seed corpora of the DICOM harnesses from the test data generators: an MR series in
// every transfer syntax the Storage SCP accepts, the SEGs the service writes, and C-FIND, C-MOVE
// and C-GET identifiers at every level in both information models.
// Usage: everynet-fuzz-seeds DIRECTORY (one folder per harness below it).
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/oflog/oflog.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "dicom/internal/accepted_syntaxes.h"
#include "dicom/internal/codecs.h"
#include "dicom/results/change_segmentation_writer.h"
#include "dicom/results/source_series.h"
#include "tests/support/mr_series_writer.h"
#include "tests/support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using namespace everynet;

void check(const OFCondition& condition, const std::string& what) {
  if (condition.bad()) throw std::runtime_error(what + ": " + condition.text());
}

std::string bytesOf(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeSeed(const fs::path& file, const std::string& bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << bytes;
}

// The dataset as it travels in a DIMSE message: no file meta information, deflated when the
// transfer syntax says so.
std::string datasetBytes(DcmDataset& dataset, E_TransferSyntax xfer, const fs::path& scratch) {
  check(dataset.chooseRepresentation(xfer, nullptr), "encoding in " + std::to_string(xfer));
  check(dataset.saveFile(scratch.c_str(), xfer), "writing " + scratch.string());
  return bytesOf(scratch);
}

std::uint8_t indexOf(const std::vector<std::string>& uids, E_TransferSyntax xfer) {
  const std::string uid = DcmXfer(xfer).getXferID();
  return static_cast<std::uint8_t>(std::find(uids.begin(), uids.end(), uid) - uids.begin());
}

// received_dataset: transfer syntax, the command's UIDs, the dataset (received_dataset_fuzzer).
void writeReceivedDatasetSeeds(const std::vector<fs::path>& files, const fs::path& out,
                               const fs::path& scratch) {
  const auto& syntaxes = dicom::internal::acceptedStorageTransferSyntaxes();
  int count = 0;
  for (const auto& file : files) {
    for (const auto& uid : syntaxes) {
      DcmFileFormat format;
      check(format.loadFile(file.c_str()), "reading " + file.string());
      DcmDataset& dataset = *format.getDataset();
      const E_TransferSyntax xfer = DcmXfer(uid.c_str()).getXfer();
      if (dataset.chooseRepresentation(xfer, nullptr).bad()) continue;  // e.g. lossy of a SEG
      OFString sop_class;
      OFString sop_instance;
      dataset.findAndGetOFString(DCM_SOPClassUID, sop_class);
      dataset.findAndGetOFString(DCM_SOPInstanceUID, sop_instance);
      std::string seed(1, static_cast<char>(indexOf(syntaxes, xfer)));
      seed += std::string(sop_class.c_str()) + '\0' + sop_instance.c_str() + '\0';
      seed += datasetBytes(dataset, xfer, scratch);
      writeSeed(out / ("seed-" + std::to_string(++count)), seed);
    }
  }
}

struct Identifier {
  const char* level;
  std::vector<std::pair<DcmTagKey, std::string>> keys;
};

// Keys of every matching kind, in three character sets (PS3.5 H.3.1's example for ISO 2022).
std::vector<Identifier> identifiers() {
  const std::string study_uid = "1.2.826.0.1.3680043.2.1125.1";
  return {
      {"PATIENT",
       {{DCM_SpecificCharacterSet, "ISO_IR 192"},
        {DCM_PatientName, "müller*"},
        {DCM_PatientID, ""},
        {DCM_PatientBirthDate, "19600101-19700101"},
        {DCM_NumberOfPatientRelatedStudies, ""}}},
      {"STUDY",
       {{DCM_SpecificCharacterSet, "ISO_IR 100"},
        {DCM_PatientName, "M\xfcller^J?rgen"},
        {DCM_PatientID, "EN-0001"},
        {DCM_StudyDate, "20240101-"},
        {DCM_StudyTime, "-0900"},
        {DCM_StudyInstanceUID, ""},
        {DCM_ModalitiesInStudy, "MR\\CT"},
        {DCM_AccessionNumber, "*"},
        {DCM_NumberOfStudyRelatedSeries, ""}}},
      {"STUDY",
       {{DCM_SpecificCharacterSet, "\\ISO 2022 IR 87"},
        {DCM_PatientName,
         "Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B=\x1b$B$d$^$@\x1b(B^"
         "\x1b$B$?$m$&\x1b(B"},
        {DCM_StudyInstanceUID, study_uid + "\\1.2.3"},
        {DCM_RetrieveAETitle, ""}}},
      {"SERIES",
       {{DCM_PatientID, "EN-0001"},
        {DCM_StudyInstanceUID, study_uid},
        {DCM_SeriesInstanceUID, ""},
        {DCM_Modality, "MR"},
        {DCM_SeriesDescription, "*KM"},
        {DCM_SeriesNumber, "5"},
        {DCM_ProtocolName, ""},
        {DCM_NumberOfSeriesRelatedInstances, ""},
        {DCM_ImageType, ""}}},
      {"IMAGE",
       {{DCM_PatientID, "EN-0001"},
        {DCM_StudyInstanceUID, study_uid},
        {DCM_SeriesInstanceUID, "1.2.3.4.5"},
        {DCM_SOPInstanceUID, "1.2.3.4.5.6\\1.2.3.4.5.7"},
        {DCM_SOPClassUID, ""},
        {DCM_InstanceNumber, ""}}},
  };
}

// query_identifier: model, operation and transfer syntax in one byte, then the identifier
// (query_identifier_fuzzer).
void writeQueryIdentifierSeeds(const fs::path& out, const fs::path& scratch) {
  const auto& syntaxes = dicom::internal::queryRetrieveTransferSyntaxes();
  int count = 0;
  for (const auto& identifier : identifiers()) {
    DcmDataset dataset;
    check(dataset.putAndInsertString(DCM_QueryRetrieveLevel, identifier.level), "level");
    for (const auto& [tag, value] : identifier.keys) {
      check(dataset.putAndInsertString(tag, value.c_str()), "key");
    }
    // A sequence key: matched on by none, skipped by the reader.
    DcmItem* item = nullptr;
    check(dataset.findOrCreateSequenceItem(DCM_ReferencedStudySequence, item), "sequence");
    check(item->putAndInsertString(DCM_ReferencedSOPInstanceUID, ""), "sequence key");
    for (const auto& uid : syntaxes) {
      const E_TransferSyntax xfer = DcmXfer(uid.c_str()).getXfer();
      const std::string bytes = datasetBytes(dataset, xfer, scratch);
      for (int model_and_operation = 0; model_and_operation < 4; ++model_and_operation) {
        const auto choice = static_cast<char>(model_and_operation | indexOf(syntaxes, xfer) << 2);
        writeSeed(out / ("seed-" + std::to_string(++count)), choice + bytes);
      }
    }
  }
}

// segmentation: the SEGs the service writes, a tumour and a change map (segmentation_fuzzer).
std::vector<fs::path> writeSegmentationSeeds(const std::vector<fs::path>& mr_files,
                                             const fs::path& work, const fs::path& out) {
  const dicom::SourceSeries series = dicom::readSourceSeries(mr_files);
  geometry::PatientVolume mask = dicom::emptyVolumeOn(series);
  geometry::PatientVolume changes = mask;
  for (int k = 1; k < 3; ++k) {
    for (int j = 4; j < 9; ++j) {
      for (int i = 5; i < 10; ++i) {
        mask.image.voxels[mask.image.index(i, j, k)] = 1;
        changes.image.voxels[changes.image.index(i, j, k)] = i < 7 ? 1.0f : -1.0f;
      }
    }
  }
  std::vector<fs::path> written;
  for (const auto& series_written :
       {dicom::writeEnhancingTumourSegmentation(series, mask, {work / "tumour", 901, "fuzz"}),
        dicom::writeChangeSegmentation(series, changes, {work / "change", 902, "fuzz"})}) {
    const fs::path file = series_written.instances.front().path;
    fs::create_directories(out);
    fs::copy_file(file, out / ("seed-" + std::to_string(written.size() + 1) + ".dcm"));
    written.push_back(file);
  }
  return written;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: everynet-fuzz-seeds DIRECTORY\n";
    return 2;
  }
  try {
    const fs::path out = argv[1];
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);  // not the encoders' refusals of 1-bit SEGs
    dicom::internal::registerCodecs();
    const test::TempDir work("everynet-fuzz-seeds");
    const fs::path scratch = work.path() / "dataset";
    test::MrSeriesSpec spec;
    spec.rows = 16;
    spec.columns = 16;
    spec.slices = 4;
    const auto mr_files = test::writeMrSeries(spec, work.path() / "mr");
    const auto seg_files = writeSegmentationSeeds(mr_files, work.path(), out / "segmentation");
    std::vector<fs::path> received{mr_files.front()};
    received.insert(received.end(), seg_files.begin(), seg_files.end());
    writeReceivedDatasetSeeds(received, out / "received_dataset", scratch);
    writeQueryIdentifierSeeds(out / "query_identifier", scratch);
  } catch (const std::exception& error) {
    std::cerr << "everynet-fuzz-seeds: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
