#!/usr/bin/env bash
# Service memory benchmark (not a test): the resident memory (VmRSS) of `everynet serve` idle, and
# of the service and its trainer 60 s into a personal training with the cpu profile (a phantom
# pair on 2 mm voxels), with the service's peak (VmHWM) by then.
#
# Usage: tests/bench/service_memory.sh [EVERYNET_BIN]   (default: the build directory's)
# Environment: BENCH_ENGINE  extra [engine] lines (default: methods = ["personal-wgan"]; empty for
#   a build from before analysis methods, whose service trains in its own process)
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
everynet=${1:-$repo_root/build/service/everynet}
engine_lines=${BENCH_ENGINE-'methods = ["personal-wgan"]'}
work=$(mktemp -d "${TMPDIR:-/tmp}/everynet-memory-XXXXXX")
export TCP_NODELAY=1
port=$((20000 + RANDOM % 12000))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

cleanup() {
  [[ -n "${service:-}" ]] && kill "$service" 2>/dev/null && wait "$service" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
rss_kb() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }

cat >"$work/everynet.toml" <<EOT
[series]
quiet_seconds = 2
[engine]
profile = "cpu"
$engine_lines
EOT
"$everynet" phantom --out "$work/phantom" --change progression --seed 3 --voxel-mm 2 >/dev/null
"$everynet" serve --config "$work/everynet.toml" --data-dir "$work/data" --dicom-port "$port" \
  >"$work/everynet.log" 2>&1 &
service=$!
for _ in $(seq 100); do echoscu -aec EVERYNET 127.0.0.1 "$port" 2>/dev/null && break; sleep 0.2; done
sleep 5
idle=$(rss_kb "$service" VmRSS)

storescu -aec EVERYNET +sd +r 127.0.0.1 "$port" "$work/phantom/baseline" "$work/phantom/followup"
for _ in $(seq 600); do
  "$everynet" jobs --data-dir "$work/data" --json |
    jq -e 'any(.jobs[]; .stage == "training")' >/dev/null && break
  sleep 1
done
sleep 60
trainer=$(pgrep -P "$service" everynet-train || true)
trainer_kb=null
[[ -n "$trainer" ]] && trainer_kb=$(rss_kb "$trainer" VmRSS)
jq -n --argjson idle "$idle" --argjson training "$(rss_kb "$service" VmRSS)" \
  --argjson peak "$(rss_kb "$service" VmHWM)" --argjson trainer "$trainer_kb" '
  {service_idle_mb: ($idle / 1024), service_training_mb: ($training / 1024),
   service_peak_mb: ($peak / 1024), trainer_mb: (if $trainer then $trainer / 1024 else null end)}
  | with_entries(if (.value | type) == "number" then .value |= (. * 10 | round / 10) else . end)'
