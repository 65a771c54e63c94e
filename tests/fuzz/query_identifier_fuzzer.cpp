// A C-FIND, C-MOVE or C-GET identifier as the Query/Retrieve SCP receives it: parsed, read in its
// character set, validated against the information model, matched against stored rows of its
// level, and a match answered in the request's character set. Input: one byte choosing the
// information model, the operation and the transfer syntax, then the identifier's bytes.
#include <dcmtk/dcmdata/dcdatset.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <variant>

#include "dicom/internal/query_dataset.h"
#include "dicom/internal/received_dataset.h"
#include "service/query/query_rows.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace everynet;

// Stored values of every level, with what matching has to handle: accents, several values,
// component groups of a person name.
service::AttributeValues storedRow(dicom::QueryLevel level) {
  const storage::PatientIdentity patient{"EN-0001", "EVERYNET TEST HOSPITAL",
                                         "Müller^Jürgen=ミュラー^ユルゲン", "19680412"};
  const storage::StudyInfo study{"1.2.826.0.1.3680043.2.1125.1", "20240115", "081500.25", "ACC0001",
                                 "MRT Schädel mit KM"};
  switch (level) {
    case dicom::QueryLevel::patient:
      return service::valuesOf(storage::PatientQueryRow{patient, 2, 5, 120});
    case dicom::QueryLevel::study:
      return service::valuesOf(storage::StudyQueryRow{patient, study, 3, 70, "MR\\SEG\\SR"});
    case dicom::QueryLevel::series:
      return service::valuesOf(storage::SeriesQueryRow{
          patient, study, "1.2.3.4.5", "MR", "t1_mprage_tra_KM", "t1_mprage", 5, 24, "a/b.dcm"});
    case dicom::QueryLevel::image:
      break;
  }
  return service::valuesOf(storage::InstanceQueryRow{patient, study, "1.2.3.4.5", "1.2.3.4.5.6",
                                                     "1.2.840.10008.5.1.4.1.1.4",
                                                     "1.2.840.10008.1.2.1", 7, "a/b.dcm"});
}

void answer(const dicom::QueryRequest& request, dicom::QueryOperation operation) {
  if (operation == dicom::QueryOperation::retrieve) {
    service::scopeOf(request, false);
    return;
  }
  const auto values = storedRow(request.level);
  if (!service::matchesRow(request, values)) return;
  dicom::internal::findResponseIdentifier(request, dicom::QueryMatch{values}, "EVERYNET");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::logToNowhere();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputReader input(data, size);
  const std::uint8_t choice = input.byte();
  const auto model =
      choice & 1 ? dicom::InformationModel::patient_root : dicom::InformationModel::study_root;
  const auto operation = choice & 2 ? dicom::QueryOperation::retrieve : dicom::QueryOperation::find;
  const E_TransferSyntax xfer = fuzz::queryTransferSyntax(static_cast<std::uint8_t>(choice >> 2));

  DcmDataset dataset;
  if (dicom::internal::parseReceivedDataset(input.rest(), xfer, {}, dataset)) return 0;
  dicom::RawIdentifier identifier;
  try {
    identifier = dicom::internal::readIdentifier(dataset);
  } catch (const std::runtime_error&) {
    return 0;  // an unknown character set or a value it cannot decode: "Unable to process"
  }
  // Past reading, nothing may throw: matching and answering run on validated requests.
  const auto validated = dicom::validateIdentifier(model, operation, identifier);
  if (const auto* request = std::get_if<dicom::QueryRequest>(&validated)) {
    answer(*request, operation);
  }
  return 0;
}
