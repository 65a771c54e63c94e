#!/usr/bin/env bash
# Ingest memory benchmark (not a test): the service's peak resident memory (VmHWM) while one
# large instance arrives, for each binary given, measured one after the other on the same file.
# A service holds one received instance in memory before it is stored; this shows what else a
# large one costs.
#
# Usage: tests/bench/ingest_memory.sh [MB] [EVERYNET_BINARY...]
#   MB defaults to 1000 (the instance's pixel data); binaries default to build/service/everynet.
# Environment:
#   BENCH_DIR   parent of the work directory (default $TMPDIR or /tmp); it needs twice MB free
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
megabytes=${1:-1000}
shift || true
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=("$repo_root/build/service/everynet")

work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/everynet-memory-bench-XXXXXX")
service_pid=""
cleanup() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# One MR instance whose Pixel Data is MB megabytes of zeros (a square of 16-bit pixels).
side=$(awk -v mb="$megabytes" 'BEGIN { print int(sqrt(mb * 1048576 / 2)) }')
head -c $((side * side * 2)) /dev/zero >"$work/pixels.raw"
cat >"$work/instance.dump" <<DUMP
(0008,0016) UI =MRImageStorage
(0008,0018) UI 1.2.826.0.1.3680043.10.1026.1.1
(0008,0060) CS MR
(0010,0020) LO BENCH
(0020,000d) UI 1.2.826.0.1.3680043.10.1026.1
(0020,000e) UI 1.2.826.0.1.3680043.10.1026.1.2
(0028,0002) US 1
(0028,0004) CS MONOCHROME2
(0028,0010) US $side
(0028,0011) US $side
(0028,0100) US 16
(0028,0101) US 16
(0028,0102) US 15
(0028,0103) US 0
(7fe0,0010) OW =$work/pixels.raw
DUMP
dump2dcm --write-xfer-little "$work/instance.dump" "$work/instance.dcm"
rm "$work/pixels.raw"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for binary in "${binaries[@]}"; do
  rm -rf "$work/data"
  "$binary" serve --data-dir "$work/data" --dicom-port "$port" >"$work/service.log" 2>&1 &
  service_pid=$!
  until echoscu -aec EVERYNET 127.0.0.1 "$port" 2>/dev/null; do sleep 0.2; done
  idle=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$service_pid/status")
  status=$(storescu -v -aec EVERYNET 127.0.0.1 "$port" "$work/instance.dcm" 2>&1 |
    sed -n 's/.*Received Store Response (\(.*\)).*/\1/p')
  peak=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$service_pid/status")
  kill "$service_pid"
  wait "$service_pid" 2>/dev/null || true
  service_pid=""
  echo "$binary: ${megabytes} MB instance: ${status:-no response}; RSS idle ${idle} MB, peak ${peak} MB"
done
