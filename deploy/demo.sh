#!/usr/bin/env bash
# The demo: installs what is needed, builds, starts EveryNet on its built-in defaults in a
# temporary directory, sends it a patient with two MR studies (a phantom on the Colin27 head whose
# tumour grows, plus other series) with DCMTK's storescu, waits while the service pairs the T1ce
# series and runs its default analysis methods (registration and subtraction; the personal WGAN
# as well where the trainer sees a GPU), and shows what a hospital gets: each method's job with
# its volumes and modified RANO class beside the phantom's truth, and the DICOM results (heatmaps,
# SR, SEG) stored in the data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
cmake --preset default >/dev/null
# The trainer too: without it the service runs registration and subtraction alone, and says so.
cmake --build --preset default --target everynet everynet-train

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

sent_at=$SECONDS
echo "Waiting for the series to be complete (quiet period: 20 s), then for the analyses..."
echo "  $(grep -o 'analysis methods: .*' "$work/everynet.log" || true)"
grep -o 'personal WGAN not run by default: .*' "$work/everynet.log" | sed 's/^/  /' || true
# Every job ended, and at least one: a line of progress every 5 s.
all_ended='(.jobs | length > 0) and all(.jobs[]; .state == "succeeded" or .state == "failed")'
deadline=$((SECONDS + 5400))
while ((SECONDS < deadline)); do
  jobs_json=$("$everynet" jobs --data-dir "$work/data" --json)
  jq -e "$all_ended" <<<"$jobs_json" >/dev/null && break
  jq -r --argjson t $((SECONDS - sent_at)) 'if (.jobs | length) == 0 then "  \($t) s: no job yet"
    else .jobs[] | "  \($t) s: \(.method) \(.state) \(.stage // "")" +
    (if .progress and .progress > 0 then " \(.progress * 100 | floor)%" else "" end) +
    (if .eta_seconds then ", ETA \(.eta_seconds | floor) s" else "" end) end' <<<"$jobs_json"
  sleep 5
done
echo "All analyses ended $((SECONDS - sent_at)) s after the studies were sent."
echo
"$everynet" jobs --data-dir "$work/data"
echo
echo "What the PACS receives, beside the phantom's truth:"
jq -r '"  truth: tumour \(.baseline_tumour_ml * 100 | round / 100) -> " +
  "\(.followup_tumour_ml * 100 | round / 100) mL, \(.rano_class)"' "$work/incoming/truth/truth.json"
status=0
for id in $(jq -r '.jobs[].id' <<<"$jobs_json"); do
  job=$(jq --argjson id "$id" '.jobs[] | select(.id == $id)' <<<"$jobs_json")
  method=$(jq -r .method <<<"$job")
  if [ "$(jq -r .state <<<"$job")" != succeeded ]; then
    echo "  $method: did not succeed: $(jq -r '.error // "unknown"' <<<"$job")"
    status=1
    continue
  fi
  jq -r '"  \(.method): tumour \(.report.volumes_ml.baseline * 100 | round / 100) -> " +
    "\(.report.volumes_ml.followup * 100 | round / 100) mL, \(.report.rano.class)"' <<<"$job"
  jq -r '.results | group_by(.kind)[] | "    \(length) \(.[0].kind) object(s)"' <<<"$job"
  report_uid=$(jq -r '.results[] | select(.kind == "report") | .sop_instance_uid' <<<"$job")
  report_file=$(find "$work/data/instances" -name "$report_uid.dcm")
  echo "    Structured Report: $report_file"
  dsrdump +Pl "$report_file" 2>/dev/null |
    sed -n 's/.*TEXT:(,,"Comment")="\(.*\)">$/    its caution: \1/p'
  echo "    heatmap previews: $work/data/jobs/$id/analysis/previews/"
done
if [ "$status" != 0 ]; then echo "See the service log: $work/everynet.log"; fi
exit "$status"
