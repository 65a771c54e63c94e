#pragma once

#include <dcmtk/dcmdata/dcostrma.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <string>

class DcmDataset;

namespace everynet::dicom::internal {

// Encodes the dataset as a DICOM Part 10 file (meta header + dataset) in the transfer syntax it
// was received in (Explicit VR Little Endian for one built in memory). Deterministic: the same
// dataset gives the same bytes, which is how two encodings of one dataset are recognised as the
// same instance. Throws std::runtime_error.
std::string encodePart10(DcmDataset& dataset);

// Appends the start of a DICOM Part 10 file (preamble, "DICM", file meta information) for an
// instance of the given SOP class and instance encoded in `transfer_syntax`; the dataset's bytes
// follow it as they are. Deterministic. Throws std::runtime_error.
void appendFileMetaInformation(std::string& file, const std::string& sop_class_uid,
                               const std::string& sop_instance_uid,
                               E_TransferSyntax transfer_syntax);

// Appends what DCMTK writes to a string, until the string would grow past `max_size`: from then
// on it takes and drops every byte, so that the stream stays in step with the peer and an
// answer can still be sent.
class StringAppender : public DcmConsumer {
 public:
  StringAppender(std::string& target, std::size_t max_size)
      : target_(target), max_size_(max_size) {}
  bool overflowed() const { return overflowed_; }
  OFBool good() const override { return OFTrue; }
  OFCondition status() const override { return EC_Normal; }
  OFBool isFlushed() const override { return OFTrue; }
  offile_off_t avail() const override;
  offile_off_t write(const void* buffer, offile_off_t length) override;
  void flush() override {}

 private:
  std::string& target_;
  std::size_t max_size_;
  bool overflowed_ = false;
};

// Holds the appender of a StringOutputStream, as a base class so that it is built before the
// stream that writes to it.
struct StringAppenderHolder {
  StringAppenderHolder(std::string& target, std::size_t max_size) : appender(target, max_size) {}
  StringAppender appender;
};

// A DCMTK output stream that appends to a string, up to `max_size`: a dataset is received as the
// bytes that came over the network.
class StringOutputStream : private StringAppenderHolder, public DcmOutputStream {
 public:
  StringOutputStream(std::string& target, std::size_t max_size)
      : StringAppenderHolder(target, max_size), DcmOutputStream(&appender) {}
  bool overflowed() const { return appender.overflowed(); }
};

}  // namespace everynet::dicom::internal
