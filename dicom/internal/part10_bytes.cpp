#include "dicom/internal/part10_bytes.h"

#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <array>

#include "dicom/internal/check.h"

namespace everynet::dicom::internal {

std::string encodePart10(DcmDataset& dataset) {
  // A dataset read from the network knows its transfer syntax; one built in memory does not.
  const E_TransferSyntax received = dataset.getOriginalXfer();
  const E_TransferSyntax xfer = received == EXS_Unknown ? EXS_LittleEndianExplicit : received;
  // The file format object borrows the dataset; release() hands it back before destruction.
  DcmFileFormat file(&dataset, OFFalse);
  struct Release {
    DcmFileFormat& file;
    ~Release() { file.getAndRemoveDataset(); }
  } release{file};

  check(file.validateMetaInfo(xfer, EWM_fileformat), "cannot build the file meta information");
  std::array<char, 1 << 16> chunk{};
  DcmOutputBufferStream out(chunk.data(), chunk.size());
  std::string bytes;
  file.transferInit();
  OFCondition status = EC_StreamNotifyClient;
  while (status == EC_StreamNotifyClient) {
    status = file.write(out, xfer, EET_ExplicitLength, nullptr);
    if (status.good()) out.flush();
    void* written = nullptr;
    offile_off_t length = 0;
    out.flushBuffer(written, length);
    bytes.append(static_cast<const char*>(written), static_cast<std::size_t>(length));
  }
  file.transferEnd();
  check(status, "cannot encode the instance");
  return bytes;
}

}  // namespace everynet::dicom::internal
