#!/usr/bin/env bash
# Speed benchmark (not a test): the personal training's cost per profile on this machine, from
# engine-bench on its synthetic pair: ms per critic step, ms per generator step, and the whole
# training's estimate (every critic and generator step of the profile's schedule, plus the
# snapshot ensemble's maps). The test profile runs whole; cpu and paper run a few iterations
# (each begins with the heavy critic phase) and are extrapolated from their step times.
#
# Usage: tests/bench/speed.sh
# Environment:
#   ENGINE_BENCH       engine-bench binary (default build/engine/core/engine-bench; this script builds
#                      nothing: cmake --build build --target engine-bench)
#   BENCH_THREADS      CPU threads for LibTorch (default 2)
#   BENCH_DEVICE       auto | cpu | cuda (default auto)
#   CPU_ITERATIONS     generator iterations of the cpu profile to time (default 3)
#   PAPER_ITERATIONS   generator iterations of the paper profile to time (default 1)
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
engine_bench=${ENGINE_BENCH:-$repo_root/build/engine/core/engine-bench}
threads=${BENCH_THREADS:-2}
device=${BENCH_DEVICE:-auto}

if [[ ! -x "$engine_bench" ]]; then
  echo "speed.sh: $engine_bench not found; build it first:" \
    "cmake --build build --target engine-bench" >&2
  exit 2
fi

# A field of engine-bench's one-line JSON (a number or a string, without its quotes).
field() {
  sed -E "s/.*\"$2\": \"?([^,}\"]*).*/\1/" <<<"$1"
}

# Times one profile: $1 profile, $2 generator iterations (0: the whole run).
bench_profile() {
  local profile=$1 iterations=$2
  local args=(--profile "$profile" --threads "$threads" --device "$device")
  if ((iterations > 0)); then args+=(--iterations "$iterations"); fi
  local json
  json=$("$engine_bench" "${args[@]}")
  local run="whole run"
  if ((iterations > 0)); then run="$iterations of $(field "$json" full_schedule_iterations) it."; fi
  printf '%-6s %-8s %-12s %-17s %12.1f %15.1f %14.0f\n' \
    "$profile" "$(field "$json" device)" \
    "$(sed -E 's/.*"grid": \[([0-9]+), ([0-9]+), ([0-9]+)\].*/\1x\2x\3/' <<<"$json")" "$run" \
    "$(field "$json" critic_step_ms)" "$(field "$json" generator_step_ms)" \
    "$(field "$json" full_schedule_estimate_seconds)"
}

# ---------------------------------------------------------------------------------------------
# The whole-job wall time of `everynet analyze` on a phantom pair (preprocessing, training,
# read-out, DICOM and NIfTI output): to be added here by the lead engineer once the command and
# the phantom are in place. Until then it says so.
analyze_wall_time() {
  echo "everynet analyze on a phantom pair: not measured by this script yet"
}
# ---------------------------------------------------------------------------------------------

echo "engine-bench, $threads threads, device $device ($(nproc) CPUs on this machine)"
printf '%-6s %-8s %-12s %-17s %12s %15s %14s\n' \
  profile device grid timed "critic ms" "generator ms" "training s"
bench_profile test 0
bench_profile cpu "${CPU_ITERATIONS:-3}"
bench_profile paper "${PAPER_ITERATIONS:-1}"
echo "(training s: whole schedule, estimated from the step times for the profiles timed in part)"
analyze_wall_time
