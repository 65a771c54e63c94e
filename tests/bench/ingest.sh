#!/usr/bin/env bash
# Ingest benchmark (not a test): the same N generated MR instances (256x256) sent with DCMTK's
# storescu, by one sender and by several in parallel, to EveryNet, to Orthanc and to DCMTK's
# storescp. Prints the median instances/s of several runs for each and the ratios of the medians,
# EveryNet/Orthanc and EveryNet/storescp.
#
# Usage: tests/bench/ingest.sh [N]            (N defaults to 2000)
# Environment:
#   EVERYNET_BIN             everynet binary (default build/service/everynet)
#   EVERYNET_MAKE_TEST_STUDY generator (default build/tests/support/everynet-make-test-study)
#   BENCH_SENDERS            parallel senders (default 4)
#   BENCH_RUNS               runs of every measurement, whose median is reported (default 3)
#   BENCH_TARGETS            targets to measure (default "everynet orthanc storescp")
#   BENCH_DIR                parent of the work directory (default $TMPDIR or /tmp); put it on the
#                            disk the service would use: EveryNet and Orthanc fsync, storescp not
#   EVERYNET_KEEP_TEST_DIRS  keep the work directory and the logs
#
# Every target starts afresh (empty storage) for every run, so that no run meets instances it
# already has. Each run measures every target once, so that a busy machine slows all of them
# alike. A target whose program is missing is skipped with a message.
set -euo pipefail

# A PACS sends with Nagle's algorithm off; DCMTK (storescu, storescp, and Orthanc through it)
# leaves it on unless TCP_NODELAY is set, and then every small C-STORE response waits for a
# delayed ACK.
export TCP_NODELAY=1

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
instances=${1:-2000}
senders=${BENCH_SENDERS:-4}
runs=${BENCH_RUNS:-3}
read -r -a wanted_targets <<<"${BENCH_TARGETS:-everynet orthanc storescp}"
everynet_bin=${EVERYNET_BIN:-$repo_root/build/service/everynet}
make_study=${EVERYNET_MAKE_TEST_STUDY:-$repo_root/build/tests/support/everynet-make-test-study}
readonly scu_ae=BENCH_SCU

work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/everynet-ingest-bench-XXXXXX")
target_pid=""
target_ae=""
elapsed=""

cleanup() {
  if [[ -n "$target_pid" ]]; then
    kill -KILL "$target_pid" 2>/dev/null || true
    wait "$target_pid" 2>/dev/null || true
  fi
  # storescu senders still running after an interruption
  local job
  for job in $(jobs -p); do kill -KILL "$job" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -n "${EVERYNET_KEEP_TEST_DIRS:-}" ]]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM


source "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh"

# Waits until the target answers C-ECHO; fails if it died or took longer than 60 s.
wait_listening() {
  local ae=$1 port=$2 log_file=$3
  local tries
  for ((tries = 0; tries < 600; tries++)); do
    if ! kill -0 "$target_pid" 2>/dev/null; then
      log "the target died at start; its log:"
      cat "$log_file" >&2
      return 1
    fi
    echoscu -aet "$scu_ae" -aec "$ae" 127.0.0.1 "$port" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "the target did not answer C-ECHO within 60 s; its log:"
  cat "$log_file" >&2
  return 1
}

stop_target() {
  kill -TERM "$target_pid" 2>/dev/null || true
  local tries
  for ((tries = 0; tries < 300; tries++)); do
    kill -0 "$target_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$target_pid" 2>/dev/null || true
  wait "$target_pid" 2>/dev/null || true
  target_pid=""
}

# start_<target> DIR PORT: starts it in the background; sets target_pid and target_ae.
start_everynet() {
  local dir=$1 port=$2
  "$everynet_bin" serve --data-dir "$dir/data" --dicom-port "$port" --ae-title EVERYNET \
    >"$dir/target.log" 2>&1 &
  target_pid=$!
  target_ae=EVERYNET
}

start_orthanc() {
  local dir=$1 port=$2
  local http_port
  http_port=$(free_port)
  echo "$http_port" >"$dir/http_port"
  cat >"$dir/orthanc.json" <<EOF
{
  "Name": "everynet-bench",
  "StorageDirectory": "$dir/storage",
  "IndexDirectory": "$dir/index",
  "DicomAet": "ORTHANC",
  "DicomPort": $port,
  "HttpPort": $http_port,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomCheckCalledAet": false
}
EOF
  Orthanc "$dir/orthanc.json" >"$dir/target.log" 2>&1 &
  target_pid=$!
  target_ae=ORTHANC
}

start_storescp() {
  local dir=$1 port=$2
  mkdir -p "$dir/out"
  # --fork: one process per association, so that parallel senders are served in parallel.
  storescp --fork -aet STORESCP -od "$dir/out" "$port" >"$dir/target.log" 2>&1 &
  target_pid=$!
  target_ae=STORESCP
}

# count_<target> DIR: instances the target holds.
count_everynet() { find "$1/data/instances" -type f 2>/dev/null | wc -l; }
count_storescp() { find "$1/out" -type f | wc -l; }
count_orthanc() {
  curl -fsS "http://127.0.0.1:$(cat "$1/http_port")/statistics" |
    sed -n 's/.*"CountInstances" *: *\([0-9]*\).*/\1/p'
}

target_program() {
  case $1 in
    everynet) echo "$everynet_bin" ;;
    orthanc) echo Orthanc ;;
    storescp) echo storescp ;;
  esac
}

# Sends all files with the given number of storescu processes, each a contiguous share; sets
# elapsed to the seconds it took.
send() {
  local ae=$1 port=$2 parallel=$3 dir=$4
  local share=$(((${#files[@]} + parallel - 1) / parallel))
  local pids=() start end sender status=0
  start=$(date +%s.%N)
  for ((sender = 0; sender < parallel; sender++)); do
    storescu -aet "$scu_ae" -aec "$ae" 127.0.0.1 "$port" \
      "${files[@]:sender*share:share}" >"$dir/storescu-$sender.log" 2>&1 &
    pids+=($!)
  done
  for sender in "${!pids[@]}"; do
    if ! wait "${pids[$sender]}"; then
      log "storescu $sender failed:"
      tail -n 20 "$dir/storescu-$sender.log" >&2
      status=1
    fi
  done
  end=$(date +%s.%N)
  ((status == 0)) || return 1
  elapsed=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
}

declare -A rates  # rates[target:senders] = instances/s of each run, space-separated

run() {
  local target=$1 parallel=$2 round=$3
  local dir="$work/$target-$parallel-$round" port stored rate
  mkdir -p "$dir"
  port=$(free_port)
  "start_$target" "$dir" "$port"
  wait_listening "$target_ae" "$port" "$dir/target.log"
  log "$target: sending $instances instances with $parallel sender(s)"
  send "$target_ae" "$port" "$parallel" "$dir"
  stored=$("count_$target" "$dir")
  stop_target
  if [[ "$stored" != "$instances" ]]; then
    log "$target holds $stored instances after the send, not $instances; log: $dir/target.log"
    return 1
  fi
  rate=$(awk -v n="$instances" -v s="$elapsed" 'BEGIN { printf "%.1f", n / s }')
  rates[$target:$parallel]+="$rate "
  log "$target, $parallel sender(s), run $round of $runs: $elapsed s, $rate instances/s"
}

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END {
  if (NR % 2) printf "%.1f", v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for tool in storescu echoscu; do
  command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install dcmtk)" >&2; exit 1; }
done
[[ -x "$make_study" ]] || {
  echo "generator not found at $make_study: build the project or set EVERYNET_MAKE_TEST_STUDY" >&2
  exit 1
}

log "writing $instances MR instances of 256x256 into $work/instances"
"$make_study" --out "$work/instances" --instances "$instances" >/dev/null
files=("$work/instances"/*.dcm)

targets=()
for target in "${wanted_targets[@]}"; do
  program=$(target_program "$target")
  if command -v "$program" >/dev/null; then
    targets+=("$target")
  else
    log "$target: skipped, $program not found$([[ $target == everynet ]] && echo ' (build it or set EVERYNET_BIN)')"
  fi
done
if [[ " ${targets[*]} " == *" orthanc "* ]] && ! command -v curl >/dev/null; then
  echo "curl not found: needed to count what Orthanc stored" >&2
  exit 1
fi

for ((round = 1; round <= runs; round++)); do
  for target in "${targets[@]}"; do
    for parallel in 1 "$senders"; do run "$target" "$parallel" "$round"; done
  done
done

declare -A rate  # rate[target:senders] = median instances/s
for key in "${!rates[@]}"; do rate[$key]=$(median "${rates[$key]}"); done

echo
echo "Ingest of $instances MR instances (256x256, Explicit VR Little Endian) with storescu," \
  "median of $runs run(s)"
printf "%-10s %18s %18s\n" target "1 sender" "$senders senders"
for target in "${targets[@]}"; do
  printf "%-10s %13s i/s %13s i/s\n" "$target" "${rate[$target:1]}" "${rate[$target:$senders]}"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
if [[ -n "${rate[everynet:1]:-}" ]]; then
  for other in orthanc storescp; do
    [[ -n "${rate[$other:1]:-}" ]] || continue
    printf "%-20s %13s %18s\n" "everynet/$other" "$(ratio "${rate[everynet:1]}" "${rate[$other:1]}")" \
      "$(ratio "${rate[everynet:$senders]}" "${rate[$other:$senders]}")"
  done
fi
echo "every run (i/s):"
for target in "${targets[@]}"; do
  for parallel in 1 "$senders"; do
    printf "  %-10s %2s sender(s): %s\n" "$target" "$parallel" "${rates[$target:$parallel]}"
  done
done
