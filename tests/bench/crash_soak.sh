#!/usr/bin/env bash
# Crash soak (a benchmark, not a test): N rounds, each with a fresh data directory, in which the
# service is killed with SIGKILL at a random moment and started again. The rounds take turns:
#   store:    one storescu per series of a study, all at once, killed after a random number of
#             instances arrived; every instance a storescu saw acknowledged must then be indexed
#             and retrievable by C-GET (getscu) with the same dataset, byte for byte;
#   training: a baseline and follow-up pair, killed at a random moment of the personal WGAN's
#             training (engine.profile "test"); the job must resume and end, once;
#   export:   the same pair, killed at a random moment after the results began arriving at the
#             receiving peer (a storescp); every result must arrive there once, but for the one
#             whose C-STORE response was on its way at the kill: the peer has it, the index does
#             not yet say so, and it is sent again (counted apart).
# After every round: `PRAGMA integrity_check` on the index, no duplicate job (one per pair and
# method), no duplicate export (each result instance received by the peer once).
#
# Usage: tests/bench/crash_soak.sh [N]         (N defaults to 10)
# Environment:
#   EVERYNET_BIN             everynet binary (default build/service/everynet)
#   EVERYNET_MAKE_TEST_STUDY generator (default build/tests/support/everynet-make-test-study)
#   SOAK_ROWS, SOAK_SLICES   size of the store rounds' study (default 128 rows, 160 T1ce slices)
#   BENCH_DIR                parent of the work directory (default $TMPDIR or /tmp)
#   EVERYNET_KEEP_TEST_DIRS  keep the work directory and the logs
set -euo pipefail
export TCP_NODELAY=1

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rounds=${1:-10}
everynet_bin=${EVERYNET_BIN:-$repo_root/build/service/everynet}
make_study=${EVERYNET_MAKE_TEST_STUDY:-$repo_root/build/tests/support/everynet-make-test-study}
verify="$repo_root/tests/bench/crash_soak_verify.py"
readonly scu_ae=SOAK_SCU

work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/everynet-crash-soak-XXXXXX")
service_pid=""
peer_pid=""

cleanup() {
  local pid
  for pid in $service_pid $peer_pid $(jobs -p); do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -n "${EVERYNET_KEEP_TEST_DIRS:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM


source "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh"

# Polls a command until it succeeds; fails after the given seconds.
wait_for() {
  local seconds=$1 tries
  shift
  for ((tries = 0; tries < seconds * 10; tries++)); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

# A random decimal number of seconds in [0, max).
random_seconds() { awk -v r="$RANDOM" -v max="$1" 'BEGIN { printf "%.2f", r / 32768 * max }'; }

# Prints nothing where the index cannot be read (yet).
query() { sqlite3 -readonly "$round_dir/data/index.sqlite" "$1" 2>/dev/null || true; }

# --- the service and the peer ---------------------------------------------------------------

write_config() {
  cat >"$round_dir/everynet.toml" <<EOF
[series]
quiet_seconds = 1
[admin]
listen = "127.0.0.1:$(free_port)"
[export]
initial_retry_seconds = 1
max_retry_seconds = 2
[engine]
profile = "test"
threads = 1
methods = ["personal-wgan"]
[[destinations]]
name = "peer"
ae_title = "PEER"
host = "127.0.0.1"
port = $peer_port
EOF
}

echo_service() { echoscu -aet "$scu_ae" -aec EVERYNET 127.0.0.1 "$dicom_port" >/dev/null 2>&1; }

start_service() {
  "$everynet_bin" serve --config "$round_dir/everynet.toml" --data-dir "$round_dir/data" \
    --dicom-port "$dicom_port" >>"$round_dir/service.log" 2>&1 &
  service_pid=$!
  wait_for 60 echo_service || { log "the service did not start: $round_dir/service.log"; exit 1; }
}

kill_service() {
  kill -KILL "$service_pid"
  wait "$service_pid" 2>/dev/null || true
  service_pid=""
}

stop_service() {
  kill -TERM "$service_pid"
  wait "$service_pid" 2>/dev/null || true
  service_pid=""
}

start_peer() {
  mkdir -p "$round_dir/peer"
  # +uf: a file per C-STORE received, so that a result received twice shows as two files.
  storescp -aet PEER +uf -od "$round_dir/peer" "$peer_port" >"$round_dir/peer.log" 2>&1 &
  peer_pid=$!
  wait_for 20 echoscu -aec PEER 127.0.0.1 "$peer_port" >/dev/null 2>&1
}

stop_peer() {
  kill -TERM "$peer_pid" 2>/dev/null || true
  wait "$peer_pid" 2>/dev/null || true
  peer_pid=""
}

# --- the rounds -------------------------------------------------------------------------------

declare -A total  # summary counts over all rounds

count() { total[$1]=$((${total[$1]:-0} + $2)); }

files_stored() { find "$round_dir/data/instances" -type f 2>/dev/null | wc -l; }
stored_at_least() { (($(files_stored) >= $1)); }

check_index() {
  local result
  result=$(sqlite3 "$round_dir/data/index.sqlite" "PRAGMA integrity_check")
  if [[ "$result" == ok ]]; then count integrity_ok 1; else
    count integrity_failed 1
    log "round $round: integrity_check: $result"
  fi
}

# Fetches every study the index holds with C-GET into $round_dir/retrieved.
retrieve_all() {
  local study
  for study in $(query "SELECT study_instance_uid FROM studies"); do
    getscu -aet "$scu_ae" -aec EVERYNET -S -od "$round_dir/retrieved" \
      -k QueryRetrieveLevel=STUDY -k "StudyInstanceUID=$study" 127.0.0.1 "$dicom_port" \
      >>"$round_dir/getscu.log" 2>&1 || log "round $round: getscu failed, see $round_dir/getscu.log"
  done
}

store_round() {
  local series=("$work"/study/baseline/*/) instances target i pids=() counts
  instances=$(find "$work/study" -type f | wc -l)
  target=$((1 + RANDOM % (instances * 9 / 10)))
  start_service
  for i in "${!series[@]}"; do
    storescu -v -aet "$scu_ae" -aec EVERYNET +sd +r 127.0.0.1 "$dicom_port" "${series[$i]}" \
      >"$round_dir/storescu-$i.log" 2>&1 &
    pids+=($!)
  done
  wait_for 300 stored_at_least "$target" || log "round $round: only $(files_stored) stored"
  kill_service
  for i in "${pids[@]}"; do wait "$i" || true; done
  start_service  # recovery runs at start
  mkdir -p "$round_dir/retrieved"
  retrieve_all
  stop_service
  counts=$(python3 "$verify" "$round_dir/data/index.sqlite" "$round_dir/retrieved" \
    "$round_dir"/storescu-*.log)
  log "round $round (store, killed after $target of $instances files): $counts"
  local key value
  for pair in $counts; do
    key=${pair%%=*} value=${pair#*=}
    count "$key" "$value"
  done
}

send_pair() {
  local visit folder
  for visit in baseline followup; do
    folder="$work/phantom/$(jq -r ".$visit.t1ce_series_folder" "$work/phantom/truth/truth.json")"
    storescu -aet "$scu_ae" -aec EVERYNET +sd +r 127.0.0.1 "$dicom_port" "$folder" \
      >>"$round_dir/storescu.log" 2>&1
  done
}

job_training() { [[ "$(query "SELECT count(*) FROM jobs WHERE stage = 'training'")" == 1 ]]; }

# Waits until the peer holds at least $1 files, polling often: a result set goes out in well
# under a second. Gives up after 10 minutes.
wait_until_peer_received() {
  local deadline=$((SECONDS + 600))
  until (($(find "$round_dir/peer" -type f | wc -l) >= $1)); do
    ((SECONDS < deadline)) || return 1
    sleep 0.01
  done
}
# Every job ended, and a succeeded job's results were all sent.
all_done() {
  [[ "$(query "SELECT (SELECT count(*) FROM jobs) > 0
    AND (SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')) = 0
    AND (SELECT count(*) FROM exports WHERE state = 'pending') = 0
    AND ((SELECT count(*) FROM jobs WHERE state = 'succeeded') = 0
      OR (SELECT count(*) FROM exports) > 0)")" == 1 ]]
}

# Kills at a random moment of the training, or of the export; then checks the round's jobs and
# what the peer received.
job_round() {
  local kind=$1 moment pending
  start_peer
  start_service
  send_pair
  if [[ $kind == training ]]; then
    wait_for 600 job_training || log "round $round: no training seen"
    moment=$(random_seconds 4)
    sleep "$moment"
    moment="${moment}s into the training"
  else
    # Of the test profile's results (60 instances), after a random number arrived.
    moment=$((1 + RANDOM % 55))
    wait_until_peer_received "$moment" || log "round $round: the peer received too little"
    moment="after $moment results arrived"
  fi
  kill_service
  [[ "$(query "SELECT count(*) FROM jobs WHERE state = 'running'")" == 1 ]] &&
    count "${kind}_kills_while_job_running" 1
  pending=$(query "SELECT count(*) FROM exports WHERE state = 'pending'")
  start_service
  wait_for 600 all_done || log "round $round: jobs or exports did not end"
  stop_service
  stop_peer
  count_job_round "$kind" "$moment" "${pending:-0}"
}

count_job_round() {
  local kind=$1 moment=$2 pending=$3 jobs duplicate_jobs failed sent peer received distinct
  jobs=$(query "SELECT count(*) FROM jobs")
  duplicate_jobs=$(query "SELECT count(*) - count(DISTINCT baseline_series_ref || '/' ||
    followup_series_ref || '/' || method) FROM jobs")
  failed=$(query "SELECT count(*) FROM jobs WHERE state != 'succeeded'")
  sent=$(query "SELECT count(*) FROM exports WHERE state = 'sent'")
  peer=$(python3 "$verify" --peer "$round_dir/peer")
  received=${peer#received=} received=${received%% *} distinct=${peer##*distinct=}
  count jobs "$jobs"
  count duplicate_jobs "$((duplicate_jobs + (jobs > 1 ? jobs - 1 : 0)))"
  count jobs_not_succeeded "$failed"
  count exports_sent "$sent"
  count exports_received "$received"
  count duplicate_exports "$((received - distinct))"
  # A result whose C-STORE response was on its way when the kill came is sent again: the peer
  # holds it, the index does not say so yet. More than that one is a fault of ours.
  ((received - distinct > 1)) && count rounds_with_over_one_duplicate_export 1
  count exports_missing "$((sent > distinct ? sent - distinct : 0))"
  ((pending > 0)) && count "${kind}_kills_with_exports_pending" 1
  log "round $round ($kind, killed $moment, $pending exports pending): $jobs job(s)," \
    "$failed not succeeded, $sent exports sent, $received received ($distinct distinct)"
}

# --- main -------------------------------------------------------------------------------------

for tool in storescu echoscu getscu storescp sqlite3 jq python3; do
  command -v "$tool" >/dev/null || { echo "$tool not found (deploy/install-deps.sh)" >&2; exit 1; }
done
for program in "$everynet_bin" "$make_study"; do
  [[ -x "$program" ]] || { echo "$program not found: build the project" >&2; exit 1; }
done

log "writing the store rounds' study and the phantom pair into $work"
"$make_study" --out "$work/study" --timepoints 1 --rows "${SOAK_ROWS:-128}" \
  --slices "${SOAK_SLICES:-160}" >/dev/null
"$everynet_bin" phantom --out "$work/phantom" --change progression --seed 7 --voxel-mm 3 >/dev/null

kinds=(store training export)
started=$(date +%s)
for ((round = 1; round <= rounds; round++)); do
  round_dir="$work/round-$round"
  mkdir -p "$round_dir"
  dicom_port=$(free_port)
  peer_port=$(free_port)
  while [[ $peer_port == "$dicom_port" ]]; do peer_port=$(free_port); done
  write_config
  kind=${kinds[$(((round - 1) % 3))]}
  count "${kind}_rounds" 1
  if [[ $kind == store ]]; then store_round; else job_round "$kind"; fi
  check_index
  [[ -n "${EVERYNET_KEEP_TEST_DIRS:-}" ]] || rm -rf "$round_dir"
done

echo
echo "Crash soak: $rounds round(s) in $(($(date +%s) - started)) s, a SIGKILL in each"
for key in store_rounds training_rounds export_rounds acknowledged not_indexed not_retrieved \
  differing jobs duplicate_jobs jobs_not_succeeded exports_sent exports_received \
  duplicate_exports rounds_with_over_one_duplicate_export exports_missing \
  training_kills_while_job_running \
  export_kills_with_exports_pending integrity_ok integrity_failed; do
  printf "  %-36s %s\n" "$key" "${total[$key]:-0}"
done
lost=$((${total[not_indexed]:-0} + ${total[not_retrieved]:-0} + ${total[differing]:-0}))
echo "  acknowledged instances lost or different: $lost"
bad=$((lost + ${total[duplicate_jobs]:-0} + ${total[rounds_with_over_one_duplicate_export]:-0} + \
  ${total[exports_missing]:-0} + ${total[integrity_failed]:-0}))
((bad == 0))
