#!/usr/bin/env bash
# Trains the personal WGAN on exported pairs where there is LibTorch alone, such as a GPU machine
# lent through the device tool (no DCMTK or ITK there, so the pairs are preprocessed and read out
# on the build machine: see tests/bench/accuracy.sh, BENCH_EXPORT_PAIRS and BENCH_MAPS_FROM).
# Builds everynet-train against the LibTorch inside that machine's PyTorch unless EVERYNET_TRAIN
# names one, trains each pair of PAIRS_DIR (PAIRS_DIR/CASE/, prepared pairs of format 2 as
# `everynet analyze --export-pair` writes them, files gzipped or not) and writes
# OUT_DIR/CASE.vol.gz, the map inside the brain (about 7 MiB on the paper's grid), and
# OUT_DIR/timings.jsonl, one line per case: the trainer's device and its finished line.
#
# Usage: tests/bench/device_training.sh PAIRS_DIR OUT_DIR
# Environment:
#   BENCH_PROFILE   training profile (default paper; the pairs must have been exported with it)
#   BENCH_SEED      training seed (default 1, as `everynet analyze`)
#   BENCH_DEVICE    auto | cpu | cuda (default cuda)
#   BENCH_SETTINGS  profile changes, "KEY=VALUE ..." (as in accuracy.sh)
#   EVERYNET_TRAIN  an everynet-train binary to use instead of building one
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pairs=${1:?usage: device_training.sh PAIRS_DIR OUT_DIR}
out=${2:?usage: device_training.sh PAIRS_DIR OUT_DIR}
settings=()
for setting in ${BENCH_SETTINGS:-}; do settings+=(--set "$setting"); done
source "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh"

trainer=${EVERYNET_TRAIN:-$repo_root/build-engine/libexec/everynet/everynet-train}
if [[ ! -x "$trainer" ]]; then
  log "building everynet-train against $(python3 -c 'import torch; print("PyTorch", torch.__version__)')"
  (cd "$repo_root" && cmake --preset engine-only -DEVERYNET_BUILD_TESTS=OFF \
    -DEVERYNET_WARNINGS_AS_ERRORS=OFF \
    -DCMAKE_PREFIX_PATH="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')" &&
    cmake --build build-engine --target everynet-train) >&2
fi
log "trainer: $("$trainer" --describe)"

# The analysis ignores the map outside the brain; there it is left out of the file, which then
# compresses (a map of the paper's grid is 32 MiB as it is).
mask_map() {
  python3 - "$1" "$2" <<'PYTHON'
import sys
from array import array
def read(path):
    with open(path, "rb") as f:
        header = f.readline()
        voxels = array("f")
        voxels.frombytes(f.read())
        return header, voxels
header, change = read(sys.argv[1])
_, brain = read(sys.argv[2])
with open(sys.argv[1], "wb") as f:
    f.write(header)
    f.write(array("f", (c * b for c, b in zip(change, brain))).tobytes())
PYTHON
}

mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for pair in "$pairs"/*/; do
  name=$(basename "$pair")
  rm -rf "${scratch:?}"/*
  mkdir "$scratch/pair"
  for file in "$pair"*; do
    target="$scratch/pair/$(basename "${file%.gz}")"
    if [[ $file == *.gz ]]; then gunzip -c "$file" >"$target"; else cp "$file" "$target"; fi
  done
  log "train $name (${BENCH_PROFILE:-paper} profile)"
  "$trainer" --profile "${BENCH_PROFILE:-paper}" --device "${BENCH_DEVICE:-cuda}" \
    --seed "${BENCH_SEED:-1}" --pair "$scratch/pair" --out "$scratch/out" "${settings[@]}"
  progress="$scratch/out/progress.jsonl"
  device=$(head -n 1 "$progress" | sed 's/.*"device":"\([^"]*\)".*/\1/')
  finished=$(tail -n 1 "$progress")
  echo "{\"case\":\"$name\",\"device\":\"$device\",${finished#\{}" | tee -a "$out/timings.jsonl"
  mask_map "$scratch/out/map.vol" "$scratch/pair/brain_mask.vol"
  gzip -c "$scratch/out/map.vol" >"$out/$name.vol.gz"
done
