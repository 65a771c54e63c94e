#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "dicom/query/query_request.h"

namespace everynet::dicom {

// The values (UTF-8, multiple values joined by '\') of the given attributes in a stored instance's
// dataset, read up to the pixel data and not beyond. Sequences and attributes the file lacks are
// left out. Throws std::runtime_error when the file cannot be read.
std::map<AttributeTag, std::string> readHeaderAttributes(const std::filesystem::path& file,
                                                         const std::vector<AttributeTag>& tags);

}  // namespace everynet::dicom
