#pragma once

#include <string>

namespace everynet::service {

// Plain lines on stderr (the journal adds its own time stamps under systemd). At info and above
// no patient name or ID is ever logged; debug may show them to whoever can read the journal.
// DCMTK's own warnings go to the same log. Text from the network (AE titles, DCMTK's messages,
// a peer's error comments) is logged through dicom::escapedForLog, so one entry is one line.
void configureLogging(const std::string& level);

}  // namespace everynet::service
