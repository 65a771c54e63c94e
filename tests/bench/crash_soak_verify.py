#!/usr/bin/env python3
"""Checks one crash-soak round (tests/bench/crash_soak.sh) against what storescu saw acknowledged.

Usage: crash_soak_verify.py INDEX RETRIEVED_DIR STORESCU_LOG...
       crash_soak_verify.py --peer RECEIVED_DIR

Every file a storescu -v log shows answered with Success must be indexed (its SOP Instance UID in
the index's instances table) and among the files retrieved by C-GET with the same dataset, byte for
byte. The File Meta Information is left out of the comparison: the receiver and getscu write their
own. Prints one line of counts: acknowledged, not_indexed, not_retrieved, differing.
With --peer: the files a peer received, one per C-STORE, and how many distinct SOP Instance UIDs
they hold.
"""

import hashlib
import os
import sqlite3
import struct
import sys

SENDING = "I: Sending file: "
SUCCESS = "Received Store Response (Success)"


def acknowledged_files(log_paths):
    files = []
    for path in log_paths:
        current = None
        with open(path, errors="replace") as log:
            for line in log:
                if line.startswith(SENDING):
                    current = line[len(SENDING):].rstrip("\n")
                elif SUCCESS in line and current:
                    files.append(current)
                    current = None
    return files


def dataset_bytes(path):
    """The bytes after the File Meta Information (Explicit VR Little Endian group 0002)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 144 or data[128:132] != b"DICM":
        return data
    (group_length,) = struct.unpack_from("<I", data, 140)
    return data[144 + group_length:]


def sop_instance_uid(dataset):
    """(0008,0018) in Explicit VR Little Endian, found by its tag and VR."""
    at = dataset.find(b"\x08\x00\x18\x00UI")
    if at < 0:
        return None
    (length,) = struct.unpack_from("<H", dataset, at + 6)
    return dataset[at + 8:at + 8 + length].rstrip(b"\x00 ").decode()


def peer_counts(received_dir):
    uids = [sop_instance_uid(dataset_bytes(os.path.join(received_dir, name)))
            for name in os.listdir(received_dir)]
    print(f"received={len(uids)} distinct={len(set(uids))}")


def main():
    if sys.argv[1] == "--peer":
        peer_counts(sys.argv[2])
        return
    index, retrieved_dir, logs = sys.argv[1], sys.argv[2], sys.argv[3:]
    acknowledged = acknowledged_files(logs)
    connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    indexed = {row[0] for row in connection.execute("SELECT sop_instance_uid FROM instances")}
    retrieved = {}
    for name in os.listdir(retrieved_dir) if os.path.isdir(retrieved_dir) else []:
        dataset = dataset_bytes(os.path.join(retrieved_dir, name))
        retrieved[sop_instance_uid(dataset)] = hashlib.sha256(dataset).digest()
    not_indexed = not_retrieved = differing = 0
    for path in acknowledged:
        dataset = dataset_bytes(path)
        uid = sop_instance_uid(dataset)
        not_indexed += uid not in indexed
        if uid not in retrieved:
            not_retrieved += 1
        elif retrieved[uid] != hashlib.sha256(dataset).digest():
            differing += 1
    print(f"acknowledged={len(acknowledged)} not_indexed={not_indexed} "
          f"not_retrieved={not_retrieved} differing={differing}")


if __name__ == "__main__":
    main()
