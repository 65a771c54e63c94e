#pragma once

namespace everynet::dicom {

// Sends DCMTK's own log lines (it writes "W: ..." to stderr by default) to the default spdlog
// logger, named by their DCMTK logger ("dcmtk.dcmfg: ..."), so they reach the service log in its
// format. DCMTK's warnings and errors pass at any level; its info and debug lines only when
// spdlog's level is debug or lower, since they can show whole datasets. Each message is one log
// line, escaped as dicom::escapedForLog (multi-line dumps included).
void routeDcmtkLoggingToSpdlog();

}  // namespace everynet::dicom
