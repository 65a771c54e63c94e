#include "dicom/internal/part10_bytes.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcostrmb.h>

#include <array>
#include <limits>

#include "dicom/internal/check.h"

namespace everynet::dicom::internal {
namespace {

// Writes a DCMTK object in chunks and appends them to `bytes`.
template <typename Object>
void appendEncoded(Object& object, E_TransferSyntax xfer, std::string& bytes,
                   const std::string& what) {
  std::array<char, 1 << 16> chunk;
  DcmOutputBufferStream out(chunk.data(), chunk.size());
  object.transferInit();
  OFCondition status = EC_StreamNotifyClient;
  while (status == EC_StreamNotifyClient) {
    status = object.write(out, xfer, EET_ExplicitLength, nullptr);
    if (status.good()) out.flush();
    void* written = nullptr;
    offile_off_t length = 0;
    out.flushBuffer(written, length);
    bytes.append(static_cast<const char*>(written), static_cast<std::size_t>(length));
  }
  object.transferEnd();
  check(status, what);
}

// A file format object that borrows `dataset` and hands it back when it goes.
class BorrowingFileFormat {
 public:
  explicit BorrowingFileFormat(DcmDataset& dataset) : file_(&dataset, OFFalse) {}
  BorrowingFileFormat(const BorrowingFileFormat&) = delete;
  BorrowingFileFormat& operator=(const BorrowingFileFormat&) = delete;
  ~BorrowingFileFormat() { file_.getAndRemoveDataset(); }
  DcmFileFormat& get() { return file_; }

 private:
  DcmFileFormat file_;
};

}  // namespace

std::string encodePart10(DcmDataset& dataset) {
  // A dataset read from the network knows its transfer syntax; one built in memory does not.
  const E_TransferSyntax received = dataset.getOriginalXfer();
  const E_TransferSyntax xfer = received == EXS_Unknown ? EXS_LittleEndianExplicit : received;
  BorrowingFileFormat file(dataset);
  check(file.get().validateMetaInfo(xfer, EWM_fileformat),
        "cannot build the file meta information");
  std::string bytes;
  appendEncoded(file.get(), xfer, bytes, "cannot encode the instance");
  return bytes;
}

void appendFileMetaInformation(std::string& file, const std::string& sop_class_uid,
                               const std::string& sop_instance_uid,
                               E_TransferSyntax transfer_syntax) {
  // DCMTK derives the meta information from the dataset; these two elements are all it reads.
  DcmDataset identity;
  check(identity.putAndInsertString(DCM_SOPClassUID, sop_class_uid.c_str()),
        "cannot set the SOP Class UID");
  check(identity.putAndInsertString(DCM_SOPInstanceUID, sop_instance_uid.c_str()),
        "cannot set the SOP Instance UID");
  BorrowingFileFormat format(identity);
  check(format.get().validateMetaInfo(transfer_syntax, EWM_fileformat),
        "cannot build the file meta information");
  // The meta information writes the preamble and "DICM" before group 0002, always in Explicit VR
  // Little Endian (PS3.10 7.1).
  appendEncoded(*format.get().getMetaInfo(), EXS_LittleEndianExplicit, file,
                "cannot encode the file meta information");
}

offile_off_t StringAppender::avail() const {
  return std::numeric_limits<offile_off_t>::max();
}

offile_off_t StringAppender::write(const void* buffer, offile_off_t length) {
  const auto count = static_cast<std::size_t>(length);
  if (overflowed_ || target_.size() + count > max_size_) {
    overflowed_ = true;  // the rest is read off the network and dropped
  } else {
    target_.append(static_cast<const char*>(buffer), count);
  }
  return length;
}

}  // namespace everynet::dicom::internal
