#pragma once

#include <string>
#include <string_view>

namespace everynet::dicom {

// Text that arrived from the network (AE titles, names, descriptions, DCMTK's messages about
// what it parsed) may hold any bytes. These make it safe for where it goes.

// For a log line or an audit table: printable ASCII and valid UTF-8 are kept; control characters
// (C0, DEL and C1), bytes that are not valid UTF-8 and the backslash itself are written as \xNN
// and \\, so one call is one line and the original bytes can be read back unambiguously.
std::string escapedForLog(std::string_view text);

// For JSON and HTML: valid UTF-8 is kept, every byte of an invalid sequence becomes U+FFFD.
std::string validUtf8(std::string_view text);

// An AE title as PS3.5 6.2 allows: 1-16 characters of the default repertoire, no control
// characters, no backslash, not only spaces.
bool isValidAeTitle(std::string_view ae_title);

}  // namespace everynet::dicom
