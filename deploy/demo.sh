#!/usr/bin/env bash
# The demo: installs what is needed, builds, starts EveryNet on its built-in defaults (cpu
# profile) in a temporary directory, sends it a patient with two MR studies (a phantom on the
# Colin27 head whose tumour grows, plus other series) with DCMTK's storescu, waits while the
# service pairs the T1ce series, trains the patient's network and writes its results, and shows
# them: the job with its volumes and modified RANO class, and the DICOM results (heatmaps, SR,
# SEG) stored in the data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target everynet

# DCMTK tools leave Nagle on unless told; a PACS normally sends with it off.
export TCP_NODELAY=1

everynet=build/service/everynet
work=$(mktemp -d -t everynet-demo.XXXXXX)
port=11112
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  echo "Demo files are in $work (service log: $work/everynet.log)"
}
trap cleanup EXIT

"$everynet" serve --data-dir "$work/data" --dicom-port "$port" >"$work/everynet.log" 2>&1 &
server=$!
for _ in $(seq 50); do echoscu -aec EVERYNET 127.0.0.1 "$port" 2>/dev/null && break; sleep 0.2; done

echo "Writing a phantom patient (Colin27 head, growing tumour)..."
"$everynet" phantom --out "$work/incoming" --change progression --seed 1 >"$work/phantom.log"
echo "Sending both studies to EveryNet (AE EVERYNET, port $port)..."
storescu -aec EVERYNET -aet DEMO_PACS +sd +r 127.0.0.1 "$port" "$work/incoming/baseline" \
  "$work/incoming/followup"

echo "Waiting for the series to be complete (quiet period: 20 s), then for the job"
echo "(cpu profile: about 8 minutes on 2 cores)..."
state=""
# A line of progress every 15 s.
deadline=$((SECONDS + 5400))
while ((SECONDS < deadline)); do
  jobs_json=$("$everynet" jobs --data-dir "$work/data" --json)
  state=$(jq -r '.jobs[0].state // "none"' <<<"$jobs_json")
  case $state in succeeded | failed) break ;; esac
  jq -r '.jobs[0] // {} | "  job: \(.state // "not queued yet") \(.stage // "")" +
    (if .progress then " \(.progress * 100 | floor)%" else "" end) +
    (if .eta_seconds then ", ETA \(.eta_seconds | floor) s" else "" end)' <<<"$jobs_json"
  sleep 15
done
echo
"$everynet" jobs --data-dir "$work/data"
echo
if [ "$state" != succeeded ]; then
  echo "The job did not succeed (state: ${state:-none}); see the service log: $work/everynet.log"
  exit 1
fi
echo "Results stored in $work/data (indexed, ready for export and query/retrieve):"
jq -r '.jobs[0].results | group_by(.kind)[] | "  \(length) \(.[0].kind) object(s)"' <<<"$jobs_json"
report_uid=$(jq -r '.jobs[0].results[] | select(.kind == "report") | .sop_instance_uid' <<<"$jobs_json")
report_file=$(find "$work/data/instances" -name "$report_uid.dcm")
echo "  Structured Report: $report_file"
echo "  its summary: $(dsrdump +Pl "$report_file" 2>/dev/null |
  sed -n 's/.*TEXT:(,,"Narrative Summary")="\(.*\)">$/\1/p')"
dsrdump +Pl "$report_file" 2>/dev/null |
  sed -n 's/.*TEXT:(,,"Comment")="\(.*\)">$/  its caution: \1/p'
echo "  heatmap previews: $work/data/jobs/$(jq -r '.jobs[0].id' <<<"$jobs_json")/analysis/previews/"
echo
echo "The phantom's truth: $(jq -r '"tumour \(.baseline_tumour_ml * 100 | round / 100) -> " +
  "\(.followup_tumour_ml * 100 | round / 100) mL, \(.rano_class)"' "$work/incoming/truth/truth.json")"
