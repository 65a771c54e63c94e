#!/usr/bin/env bash
# Latency benchmark (not a test): a phantom pair goes from Orthanc, as the PACS, to EveryNet and
# the results come back. Measures, for each analysis method the service runs, the time from the
# follow-up's last instance acknowledged to that method's SR stored in Orthanc, split into: quiet
# period (until the job is queued), queue wait, reading the series and preprocessing (for the
# personal WGAN: twice, for the trainer's pair and for the read-out), the personal training (the
# trainer's own time), the change map (the registration, or taking the trained map), read-out
# and mapping back, writing the DICOM results, storing them, and export until the SR is in
# Orthanc. One JSON object per method.
#
# Usage: tests/bench/latency.sh [PROFILE]   (default cpu)
# Environment: EVERYNET_BIN (default: the build directory's), BENCH_KEEP=1 keeps the work dir,
#   BENCH_METHODS  engine.methods as TOML (default "auto": registration and subtraction, and the
#                  personal WGAN where the trainer sees a GPU), e.g. '["registration-subtraction",
#                  "personal-wgan"]' (with PROFILE test, about a minute on 2 cores)
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
everynet=${EVERYNET_BIN:-$repo_root/build/service/everynet}
profile=${1:-cpu}
work=$(mktemp -d "${TMPDIR:-/tmp}/everynet-latency-XXXXXX")
export TCP_NODELAY=1

source "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh"
now() { date +%s.%N; }

everynet_port=$(free_port)
orthanc_dicom=$(free_port)
orthanc_http=$(free_port)
orthanc_url="http://127.0.0.1:$orthanc_http"

cleanup() {
  [[ -n "${everynet_pid:-}" ]] && kill "$everynet_pid" 2>/dev/null && wait "$everynet_pid" 2>/dev/null
  [[ -n "${orthanc_pid:-}" ]] && kill "$orthanc_pid" 2>/dev/null && wait "$orthanc_pid" 2>/dev/null
  [[ "${BENCH_KEEP:-0}" == 1 ]] && echo "work files in $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/orthanc.json" <<EOF
{
  "Name": "everynet-latency", "StorageDirectory": "$work/orthanc/storage",
  "IndexDirectory": "$work/orthanc/index", "DicomAet": "ORTHANC", "DicomPort": $orthanc_dicom,
  "HttpPort": $orthanc_http, "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
  "DicomModalities": { "everynet": [ "EVERYNET", "127.0.0.1", $everynet_port ] }
}
EOF
methods_toml=${BENCH_METHODS:-'"auto"'}
cat >"$work/everynet.toml" <<EOF
[dicom]
allowed_peers = [ { ae_title = "ORTHANC", host = "127.0.0.1" } ]
[engine]
profile = "$profile"
methods = $methods_toml
[[destinations]]
name = "pacs"
ae_title = "ORTHANC"
host = "127.0.0.1"
port = $orthanc_dicom
EOF

log "phantom (progression, seed 21)"
"$everynet" phantom --out "$work/phantom" --change progression --seed 21 >"$work/phantom.log"
Orthanc "$work/orthanc.json" >"$work/orthanc.log" 2>&1 &
orthanc_pid=$!
"$everynet" serve --config "$work/everynet.toml" --data-dir "$work/data" \
  --dicom-port "$everynet_port" >"$work/everynet.log" 2>&1 &
everynet_pid=$!
for _ in $(seq 100); do curl -fsS "$orthanc_url/system" >/dev/null 2>&1 && break; sleep 0.2; done
for _ in $(seq 100); do echoscu -aec EVERYNET 127.0.0.1 "$everynet_port" 2>/dev/null && break; sleep 0.2; done

for visit in baseline followup; do
  storescu -aec ORTHANC +sd +r 127.0.0.1 "$orthanc_dicom" "$work/phantom/$visit"
done
study_of() {
  curl -fsS -X POST "$orthanc_url/tools/find" \
    -d "{\"Level\": \"Study\", \"Query\": {\"StudyInstanceUID\": \"$1\"}}" | jq -r '.[0]'
}
baseline_study=$(study_of "$(jq -r '.baseline.study_instance_uid' "$work/phantom/truth/truth.json")")
followup_study=$(study_of "$(jq -r '.followup.study_instance_uid' "$work/phantom/truth/truth.json")")
log "Orthanc routes both studies to EveryNet (profile $profile)"
curl -fsS -X POST "$orthanc_url/modalities/everynet/store" -d "$baseline_study" >/dev/null
curl -fsS -X POST "$orthanc_url/modalities/everynet/store" -d "$followup_study" >/dev/null
# The store call returns once EveryNet acknowledged the last instance.
acknowledged=$(now)

# The SR of each method, by its Series Description; the jobs say which methods run.
sr_description() {
  case $1 in
    registration-subtraction) echo "EveryNet change report (registration and subtraction)" ;;
    personal-wgan) echo "EveryNet change report (personal WGAN)" ;;
  esac
}
declare -A sr_stored=()
for _ in $(seq 7200); do
  methods=$("$everynet" jobs --data-dir "$work/data" --json | jq -r '.jobs[].method')
  for method in $methods; do
    [[ -n "${sr_stored[$method]:-}" ]] && continue
    if curl -fsS "$orthanc_url/studies/$followup_study/series" |
      jq -e --arg d "$(sr_description "$method")" \
        'any(.[]; .MainDicomTags.SeriesDescription == $d)' >/dev/null; then
      sr_stored[$method]=$(now)
      log "$method: SR in Orthanc"
    fi
  done
  if [[ -n "$methods" ]] && (( ${#sr_stored[@]} == $(wc -w <<<"$methods") )); then break; fi
  sleep 0.25
done
(( ${#sr_stored[@]} > 0 )) || { log "no SR in Orthanc after 30 minutes"; tail -20 "$work/everynet.log" >&2; exit 1; }

"$everynet" jobs --data-dir "$work/data" --json >"$work/jobs.json"
for method in "${!sr_stored[@]}"; do
  jq --argjson acknowledged "$acknowledged" --argjson sr_stored "${sr_stored[$method]}" \
    --arg profile "$profile" --arg method "$method" '
    .jobs[] | select(.method == $method) | . as $job | $job.report.timings_seconds as $t |
    ($job.finished_at - $job.started_at) as $run |
    {
      method: $method,
      profile: $profile,
      quiet_period: ($job.created_at - $acknowledged),
      queue_wait: ($job.started_at - $job.created_at),
      preprocessing_and_reading: ($t.total - $t.training - $t.change_map - $t.readout_and_mapping),
      training: $t.training,
      change_map: $t.change_map,
      readout_and_mapping: $t.readout_and_mapping,
      writing_results: $t.writing_results,
      storing_results: ($run - $t.total - $t.writing_results),
      export_until_sr_in_orthanc: ($sr_stored - $job.finished_at),
      total: ($sr_stored - $acknowledged)
    } | with_entries(if (.value | type) == "number" then .value |= (. * 10 | round / 10) else . end)
  ' "$work/jobs.json"
done
