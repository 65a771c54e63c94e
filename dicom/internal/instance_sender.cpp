#include "dicom/internal/instance_sender.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmnet/dimse.h>
#include <dcmtk/dcmnet/diutil.h>
#include <fmt/format.h>

#include <memory>
#include <utility>

#include "dicom/internal/codecs.h"
#include "dicom/network_text.h"

namespace everynet::dicom::internal {
namespace {

// Warning statuses: Bxxx and the general ones of PS3.7 C.4.
bool isWarning(std::uint16_t status) {
  return (status & 0xF000) == 0xB000 || status == 0x0001 || status == 0x0107 || status == 0x0116;
}

StoreResult resultOfResponse(const T_DIMSE_C_StoreRSP& response, DcmDataset* status_detail) {
  StoreResult result;
  result.status = response.DimseStatus;
  if (response.DimseStatus == STATUS_Success) {
    result.outcome = StoreOutcome::success;
    return result;
  }
  result.outcome = isWarning(response.DimseStatus) ? StoreOutcome::warning : StoreOutcome::failure;
  result.reason = fmt::format("status 0x{:04X} ({})", response.DimseStatus,
                              DU_cstoreStatusString(response.DimseStatus));
  OFString comment;
  if (status_detail && status_detail->findAndGetOFString(DCM_ErrorComment, comment).good() &&
      !comment.empty()) {
    result.reason += ": " + escapedForLog(comment.c_str());  // the peer's text, for logs and tables
  }
  return result;
}

}  // namespace

Sent sendFile(T_ASC_Association* association, T_ASC_PresentationContextID context,
              const FileToStore& file, std::chrono::seconds dimse_timeout) {
  auto failure = [](std::string reason) {
    return Sent{{StoreOutcome::failure, std::nullopt, std::move(reason)}};
  };
  registerCodecs();
  DcmFileFormat file_format;
  if (const OFCondition loaded = file_format.loadFile(file.path.c_str()); loaded.bad()) {
    // No path: the reason is logged, and paths name studies and series by UID.
    return failure(std::string("cannot read the file: ") + loaded.text());
  }
  DcmDataset* dataset = file_format.getDataset();
  T_ASC_PresentationContext accepted;
  ASC_findAcceptedPresentationContext(association->params, context, &accepted);
  const DcmXfer wanted(accepted.acceptedTransferSyntax);
  if (wanted.getXfer() != dataset->getOriginalXfer()) {
    dataset->chooseRepresentation(wanted.getXfer(), nullptr);
    if (!dataset->canWriteXfer(wanted.getXfer())) {
      return failure(
          fmt::format("the peer accepts {} only for this SOP class, and {} cannot be "
                      "converted to it",
                      wanted.getXferName(), DcmXfer(dataset->getOriginalXfer()).getXferName()));
    }
  }

  T_DIMSE_C_StoreRQ request{};
  request.MessageID = association->nextMsgID++;
  OFStandard::strlcpy(request.AffectedSOPClassUID, file.sop_class_uid.c_str(),
                      sizeof request.AffectedSOPClassUID);
  OFStandard::strlcpy(request.AffectedSOPInstanceUID, file.sop_instance_uid.c_str(),
                      sizeof request.AffectedSOPInstanceUID);
  request.DataSetType = DIMSE_DATASET_PRESENT;
  request.Priority = DIMSE_PRIORITY_MEDIUM;
  T_DIMSE_C_StoreRSP response{};
  DcmDataset* status_detail = nullptr;
  const OFCondition stored = DIMSE_storeUser(
      association, context, &request, nullptr, dataset, nullptr, nullptr, DIMSE_NONBLOCKING,
      static_cast<int>(dimse_timeout.count()), &response, &status_detail);
  const std::unique_ptr<DcmDataset> status_detail_owner(status_detail);
  if (stored.bad()) {
    return {{StoreOutcome::not_sent, std::nullopt, std::string("C-STORE failed: ") + stored.text()},
            true};
  }
  return {resultOfResponse(response, status_detail)};
}

}  // namespace everynet::dicom::internal
