#pragma once

namespace everynet::dicom::internal {

// DCMTK converts between transfer syntaxes only through codecs registered at run time: without
// them a stored JPEG-LS instance cannot be sent to a peer that takes only uncompressed data, and
// an uncompressed one cannot be sent on a context the peer accepted as JPEG-LS lossless (a C-GET
// caller's choice). Registers the JPEG, JPEG-LS and RLE decoders and encoders once; thread-safe.
void registerCodecs();

}  // namespace everynet::dicom::internal
