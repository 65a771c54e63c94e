#pragma once

#include <dcmtk/dcmnet/assoc.h>

#include "dicom/dicom_scp.h"

namespace everynet::dicom::internal {

// Runs one association to its end on the calling thread and destroys it: asks the gate whether
// to accept it, negotiates every storage SOP class (DCMTK's DcmSCP profiles stop at 128
// presentation contexts, fewer than there are storage SOP classes, hence the ASC/DIMSE layer),
// answers C-ECHO, reads each C-STORE's dataset as the bytes that arrive, checks it, and hands it
// to the handler as a Part 10 file of those bytes; C-FIND, C-MOVE and C-GET go to the handler's
// Query/Retrieve handler (query_retrieve_scp.h).
void runAssociation(T_ASC_Association* association, AssociationGate& gate,
                    const DicomScpConfig& config);

}  // namespace everynet::dicom::internal
