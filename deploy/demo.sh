#!/usr/bin/env bash
# The demo: installs what is needed, builds, starts EveryNet on its built-in defaults in a
# temporary directory, sends it a generated patient with two MR studies (T1ce plus other
# series) with DCMTK's storescu, and shows what the service made of them: the T1ce decisions
# and the job it queued for the pair.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target everynet everynet-make-test-study

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

build/tests/support/everynet-make-test-study --out "$work/incoming" --timepoints 2
echo "Sending both studies to EveryNet (AE EVERYNET, port $port)..."
storescu -aec EVERYNET -aet DEMO_PACS +sd +r 127.0.0.1 "$port" "$work/incoming"

echo "Waiting for the series to be complete (quiet period: 20 s by default)..."
for _ in $(seq 90); do
  # Read whole before grep: grep -q closing the pipe early fails the pipeline under pipefail.
  jobs_json=$("$everynet" jobs --data-dir "$work/data" --json)
  if grep -q '"state": "queued"' <<<"$jobs_json"; then break; fi
  sleep 1
done
echo
"$everynet" jobs --data-dir "$work/data"
echo
echo "Service log:"
cat "$work/everynet.log"
