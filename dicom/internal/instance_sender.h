#pragma once

#include <dcmtk/dcmnet/assoc.h>

#include <chrono>

#include "dicom/store_scu.h"

namespace everynet::dicom::internal {

// What sending one file gave; `broken` when the association cannot carry another.
struct Sent {
  StoreResult result;
  bool broken = false;
};

// Sends one file as a C-STORE on an open association, on the given accepted presentation
// context, converted to that context's transfer syntax when it differs from the file's, and
// waits for the response. Used by the Storage SCU (an association of its own) and by C-GET
// (C-STORE sub-operations on the association that asked for them).
Sent sendFile(T_ASC_Association* association, T_ASC_PresentationContextID context,
              const FileToStore& file, std::chrono::seconds dimse_timeout);

}  // namespace everynet::dicom::internal
