#!/usr/bin/env bash
# Builds the libFuzzer harnesses (preset fuzz, in build-fuzz/) and runs each for SECONDS on a
# copy of its seed corpus: the DICOM seeds written by everynet-fuzz-seeds, the text seeds in
# tests/fuzz/seeds/, and the inputs under tests/fuzz/regressions/. Prints per harness the
# executions, the coverage of libFuzzer's final report (cov: edges, ft: features), the corpus
# size and what it found; a finding (crash, leak, timeout, out of memory) stops that harness and
# is kept under build-fuzz/fuzz-findings/HARNESS/ to become a regression input.
#
# Usage: tests/fuzz/run.sh [SECONDS [HARNESS...]]   (default 30 s each, every harness)
# Exit status: 0 when nothing was found, 1 when something was, 2 when the build failed.
# Environment: FUZZ_KEEP=1 keeps the work directory (corpora grown, logs).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$repo_root/build-fuzz
seconds=${1:-30}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] ||
  harnesses=(received_dataset query_identifier admin_http config segmentation)

# Inputs past these sizes teach nothing new and slow the search down.
declare -A max_len=([received_dataset]=65536 [query_identifier]=8192 [admin_http]=8192
                    [config]=8192 [segmentation]=65536)
# DCMTK's SEG loader leaks on most malformed input (suppressed, see segmentation_fuzzer.cpp):
# checking for leaks after each such input would cost three quarters of the executions, so
# that harness checks once, at its end.
declare -A options=([segmentation]=-detect_leaks=0)

cd "$repo_root"
work=$(mktemp -d "${TMPDIR:-/tmp}/everynet-fuzz-XXXXXX")
[ "${FUZZ_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
if ! { [ -f "$build/CMakeCache.txt" ] || cmake --preset fuzz; } >"$work/build.log" 2>&1 ||
   ! cmake --build --preset fuzz >>"$work/build.log" 2>&1; then
  cat "$work/build.log"
  exit 2
fi
"$build/tests/fuzz/everynet-fuzz-seeds" "$work/seeds"
mkdir -p "$work/seeds/config"
cp deploy/everynet.toml "$work/seeds/config/"

status=0
for harness in "${harnesses[@]}"; do
  corpus=$work/corpus/$harness
  findings=$build/fuzz-findings/$harness
  mkdir -p "$corpus" "$findings"
  for seeds in "$work/seeds/$harness" "tests/fuzz/seeds/$harness" "tests/fuzz/regressions/$harness"; do
    if [ -d "$seeds" ]; then cp -r "$seeds/." "$corpus/"; fi
  done
  log=$work/$harness.log
  "$build/tests/fuzz/${harness}_fuzzer" "$corpus" -max_total_time="$seconds" \
    -max_len="${max_len[$harness]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/" ${options[$harness]:-} >"$log" 2>&1 || true
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || true)
  inputs=$(find "$corpus" -type f | wc -l)
  summary="$harness: ${executions:-?} executions in $seconds s, ${coverage:-no coverage}, corpus $inputs"
  if grep -q 'Test unit written to\|ERROR: LeakSanitizer' "$log"; then
    status=1
    echo "$summary; FOUND:"
    grep -m4 '^==[0-9]*== *ERROR\|^SUMMARY\|Test unit written to' "$log" | sed 's/^/  /'
    cp "$log" "$findings/$harness.log"
  else
    echo "$summary; nothing found"
  fi
done
exit $status
