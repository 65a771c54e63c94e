#!/usr/bin/env bash
# Load benchmark (not a test): the load integration test's 32 storescu at once, each sending a
# 200-slice series of its own, with dicom.max_associations = 32, but with full-size slices.
# Prints the wall time for the 32 x 200 instances, instances/s and the service's peak resident
# memory (VmHWM), as the test's "[ timing ]" lines.
#
# Usage: tests/bench/load.sh [SLICE_SIZE]      (rows and columns; defaults to 256)
# Environment:
#   EVERYNET_LOAD_TEST  the test binary (default build/tests/integration/load_integration_test)
#   TMPDIR              where the test writes its slices and the service its data: put it on the
#                       disk the service would use (the service fsyncs every instance)
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
test_binary=${EVERYNET_LOAD_TEST:-$repo_root/build/tests/integration/load_integration_test}
[[ -x "$test_binary" ]] || { echo "$test_binary not found: build the project" >&2; exit 1; }

output=$(mktemp)
trap 'rm -f "$output"' EXIT
status=0
EVERYNET_LOAD_SLICE_SIZE=${1:-256} "$test_binary" \
  --gtest_filter='LoadTest.ThirtyTwoConcurrentSeriesAreAllAcknowledgedStoredAndIndexed' \
  >"$output" 2>&1 || status=$?
((status == 0)) || tail -n 60 "$output" >&2
grep -F '[ timing ]' "$output" || true
exit "$status"
