#include "dicom/internal/received_dataset.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcobject.h>
#include <dcmtk/dcmdata/dctag.h>
#include <fmt/format.h>
#include <zlib.h>

#include "dicom/internal/dataset_header.h"
#include "dicom/internal/element_walk.h"

namespace everynet::dicom::internal {
namespace {

std::string megabytes(std::uint64_t bytes) {
  return fmt::format("{} MB", bytes >> 20);
}

// Inflates a Deflated Explicit VR Little Endian dataset (RFC 1951, PS3.5 A.5) into `out`,
// refusing once it would pass `max_bytes`: a few kilobytes may declare gigabytes.
std::optional<DatasetRefusal> inflateDataset(std::string_view deflated, std::uint64_t max_bytes,
                                             std::string& out) {
  out.clear();
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) {
    return DatasetRefusal{StoreStatus::out_of_resources, "cannot start inflating"};
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(deflated.data()));
  stream.avail_in = static_cast<uInt>(deflated.size());
  constexpr std::size_t kChunk = 1 << 20;
  int result = Z_OK;
  while (result == Z_OK) {
    if (out.size() >= max_bytes) {
      inflateEnd(&stream);
      return DatasetRefusal{
          StoreStatus::out_of_resources,
          "deflated dataset inflates beyond max_instance_mb (" + megabytes(max_bytes) + ")"};
    }
    const std::size_t before = out.size();
    out.resize(before + kChunk);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + before);
    stream.avail_out = static_cast<uInt>(kChunk);
    result = inflate(&stream, Z_NO_FLUSH);
    out.resize(before + kChunk - stream.avail_out);
    if (result == Z_BUF_ERROR && stream.avail_in == 0) break;  // input ended without a final block
  }
  inflateEnd(&stream);
  if (result != Z_STREAM_END) {
    return DatasetRefusal{StoreStatus::cannot_understand,
                          fmt::format("deflated dataset is broken (zlib {})", result)};
  }
  return std::nullopt;
}

std::optional<ElementEncoding> encodingOf(E_TransferSyntax xfer) {
  const DcmXfer syntax(xfer);
  if (syntax.getXfer() == EXS_Unknown) return std::nullopt;
  if (!syntax.isExplicitVR()) return ElementEncoding::implicit_little;
  return syntax.getByteOrder() == EBO_BigEndian ? ElementEncoding::explicit_big
                                                : ElementEncoding::explicit_little;
}

bool isSequenceInDictionary(std::uint16_t group, std::uint16_t element) {
  return DcmTag(group, element).getEVR() == EVR_SQ;
}

// DCMTK "corrects" what it reads unless told not to, process-wide: a UID would lose the spaces
// inside it, and the index would hold a UID that the stored file lacks. Received datasets are read
// as they were sent, and refused where they are wrong.
void readValuesAsSent() {
  static const bool done = (dcmEnableAutomaticInputDataCorrection.set(OFFalse), true);
  (void)done;
}

bool isDeflated(E_TransferSyntax xfer) {
  return DcmXfer(xfer).getStreamCompression() != ESC_none;
}

}  // namespace

DatasetLimits datasetLimits(const DicomScpConfig& config) {
  return {config.max_nesting_depth, config.max_instance_bytes};
}

std::optional<DatasetRefusal> screenDataset(std::string_view bytes, E_TransferSyntax xfer,
                                            const DatasetLimits& limits, std::string& inflated) {
  if (bytes.size() > limits.max_bytes) {
    return DatasetRefusal{StoreStatus::out_of_resources, "dataset larger than max_instance_mb (" +
                                                             megabytes(limits.max_bytes) + ")"};
  }
  const auto encoding = encodingOf(xfer);
  if (!encoding) return DatasetRefusal{StoreStatus::cannot_understand, "unknown transfer syntax"};
  std::string_view plain = bytes;
  if (isDeflated(xfer)) {
    if (auto refusal = inflateDataset(bytes, limits.max_bytes, inflated)) return refusal;
    plain = inflated;
  }
  const WalkLimits walk_limits{limits.max_nesting_depth};
  if (auto reason = walkElements(plain, *encoding, walk_limits, isSequenceInDictionary)) {
    // A limit is named as it is (the Error Comment holds 64 characters); else what is wrong.
    if (reason->find("max_nesting_depth") != std::string::npos) {
      return DatasetRefusal{StoreStatus::out_of_resources, *reason};
    }
    return DatasetRefusal{StoreStatus::cannot_understand, "malformed dataset: " + *reason};
  }
  return std::nullopt;
}

std::optional<DatasetRefusal> parseReceivedDataset(std::string_view bytes, E_TransferSyntax xfer,
                                                   const DatasetLimits& limits,
                                                   DcmDataset& dataset) {
  readValuesAsSent();
  std::string inflated;
  if (auto refusal = screenDataset(bytes, xfer, limits, inflated)) return refusal;
  // DCMTK reads the already inflated bytes as what they are: Explicit VR Little Endian.
  const std::string_view plain = isDeflated(xfer) ? std::string_view(inflated) : bytes;
  const E_TransferSyntax plain_xfer = isDeflated(xfer) ? EXS_LittleEndianExplicit : xfer;
  DcmInputBufferStream in;
  in.setBuffer(plain.data(), static_cast<offile_off_t>(plain.size()));
  in.setEos();
  dataset.transferInit();
  const OFCondition parsed =
      dataset.readUntilTag(in, plain_xfer, EGL_noChange, DCM_MaxReadLength, DCM_PixelData);
  dataset.transferEnd();
  if (parsed.bad()) {
    return DatasetRefusal{StoreStatus::cannot_understand,
                          std::string("dataset cannot be parsed: ") + parsed.text()};
  }
  return std::nullopt;
}

std::variant<InstanceHeader, DatasetRefusal> acceptInstance(std::string_view dataset_bytes,
                                                            E_TransferSyntax xfer,
                                                            const std::string& command_sop_class,
                                                            const std::string& command_sop_instance,
                                                            const DatasetLimits& limits) {
  DcmDataset dataset;
  if (auto refusal = parseReceivedDataset(dataset_bytes, xfer, limits, dataset)) return *refusal;
  auto header = readInstanceHeader(dataset, command_sop_class, command_sop_instance);
  if (auto* error = std::get_if<HeaderError>(&header)) {
    return DatasetRefusal{StoreStatus::dataset_does_not_match, error->reason};
  }
  auto accepted = std::get<InstanceHeader>(std::move(header));
  // As received, which the parse of an inflated dataset does not remember.
  accepted.transfer_syntax_uid = DcmXfer(xfer).getXferID();
  return accepted;
}

}  // namespace everynet::dicom::internal
