#!/usr/bin/env bash
# Trains the personal WGAN on exported pairs where there is LibTorch alone, such as a GPU machine
# lent through the device tool (no DCMTK or ITK there, so the pairs are preprocessed and read out
# on the build machine: see tests/bench/accuracy.sh, BENCH_EXPORT_PAIRS and BENCH_MAPS_FROM).
# Builds engine-bench against the LibTorch inside that machine's PyTorch unless ENGINE_BENCH
# names one, trains each pair of PAIRS_DIR (PAIRS_DIR/CASE/, files gzipped or not) and writes
# OUT_DIR/CASE.vol.gz, the map inside the brain (about 7 MiB on the paper's grid), and
# OUT_DIR/timings.jsonl, one line of engine-bench's timings per case.
#
# Usage: tests/bench/device_training.sh PAIRS_DIR OUT_DIR
# Environment:
#   BENCH_PROFILE   training profile (default paper; the pairs must have been exported with it)
#   BENCH_SEED      training seed (default 1, as `everynet analyze`)
#   BENCH_DEVICE    auto | cpu | cuda (default cuda)
#   BENCH_SETTINGS  profile changes, "KEY=VALUE ..." (as in accuracy.sh)
#   ENGINE_BENCH    an engine-bench binary to use instead of building one
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pairs=${1:?usage: device_training.sh PAIRS_DIR OUT_DIR}
out=${2:?usage: device_training.sh PAIRS_DIR OUT_DIR}
settings=()
for setting in ${BENCH_SETTINGS:-}; do settings+=(--set "$setting"); done
log() { echo "[$(date +%T)] $*" >&2; }

engine_bench=${ENGINE_BENCH:-$repo_root/build-engine/engine/core/engine-bench}
if [[ ! -x "$engine_bench" ]]; then
  log "building engine-bench against $(python3 -c 'import torch; print("PyTorch", torch.__version__)')"
  (cd "$repo_root" && cmake --preset engine-only -DEVERYNET_BUILD_TESTS=OFF \
    -DEVERYNET_WARNINGS_AS_ERRORS=OFF \
    -DCMAKE_PREFIX_PATH="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')" &&
    cmake --build build-engine --target engine-bench) >&2
fi

mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for pair in "$pairs"/*/; do
  name=$(basename "$pair")
  rm -rf "${scratch:?}"/*
  for file in "$pair"*; do
    target="$scratch/$(basename "${file%.gz}")"
    if [[ $file == *.gz ]]; then gunzip -c "$file" >"$target"; else cp "$file" "$target"; fi
  done
  log "train $name (${BENCH_PROFILE:-paper} profile)"
  timings=$("$engine_bench" --profile "${BENCH_PROFILE:-paper}" --device "${BENCH_DEVICE:-cuda}" \
    --seed "${BENCH_SEED:-1}" --pair "$scratch" --map-out "$scratch/map.vol" "${settings[@]}")
  echo "{\"case\": \"$name\", ${timings#\{}" | tee -a "$out/timings.jsonl"
  gzip -c "$scratch/map.vol" >"$out/$name.vol.gz"
done
