#pragma once

namespace everynet::storage {
class FileStore;
class JobQueue;
}  // namespace everynet::storage

namespace everynet::service {

// At start, before the workers run: the jobs that the last process left running (it crashed, was
// killed, ran out of memory or lost power) are queued again, to resume from their checkpoints. A
// job during which the service ended `max_interruptions` times fails instead, its work files
// removed as for any failed job: it may be what ends the service, and would end it again at every
// restart, holding up the queue and the DICOM node. Logged by job number only.
void recoverInterruptedJobs(int max_interruptions, storage::JobQueue& jobs,
                            const storage::FileStore& files);

}  // namespace everynet::service
