#pragma once
// Included by imaging sources only: GDCM stays out of every header that other modules include.

#include <filesystem>

namespace everynet::engine::internal {

// Throws SeriesError, naming the instance number and both sizes, unless the Pixel Data of `file`
// holds Rows × Columns × Bits Allocated × Samples per Pixel × Number of Frames bits: as stored
// for a native transfer syntax (one padding byte allowed), as decoded for an encapsulated one.
// A well-formed file may carry a short Pixel Data element; readers then pad or read past it.
void checkPixelDataSize(const std::filesystem::path& file);

}  // namespace everynet::engine::internal
