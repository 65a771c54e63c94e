#!/usr/bin/env bash
# The durability path of a C-STORE, seen in the service's system calls (a check, not a test: it
# needs strace). A SIGKILL leaves the page cache alone, so the crash tests and tests/bench/
# crash_soak.sh cannot tell whether anything was made durable; this shows it was, in order,
# before the acknowledgement: for every instance received, the service writes a temporary file,
# fsyncs it, renames it into instances/, fsyncs that directory, and only then writes the C-STORE
# response (a P-DATA-TF PDU) on the association's socket.
#
# Usage: tests/bench/fsync_order.sh [INSTANCES]     (defaults to 5)
# Environment: EVERYNET_BIN, EVERYNET_MAKE_TEST_STUDY as for tests/bench/ingest.sh.
set -euo pipefail
export TCP_NODELAY=1

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
instances=${1:-5}
everynet_bin=${EVERYNET_BIN:-$repo_root/build/service/everynet}
make_study=${EVERYNET_MAKE_TEST_STUDY:-$repo_root/build/tests/support/everynet-make-test-study}
for tool in strace storescu echoscu; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/everynet-fsync-order-XXXXXX")
strace_pid=""
cleanup() {
  [[ -z "$strace_pid" ]] || kill -KILL "$strace_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$make_study" --out "$work/study" --timepoints 1 --rows 32 --slices "$((instances < 3 ? 3 : instances))" \
  >/dev/null
mapfile -t files < <(find "$work/study" -name '*.dcm' | sort | head -n "$instances")
port=$((20000 + RANDOM % 12000))
strace -f -qq -e trace=openat,fsync,fdatasync,rename,renameat,renameat2,write -o "$work/trace" \
  "$everynet_bin" serve --data-dir "$work/data" --dicom-port "$port" >"$work/service.log" 2>&1 &
strace_pid=$!
for ((tries = 0; tries < 300; tries++)); do
  echoscu -aec EVERYNET 127.0.0.1 "$port" >/dev/null 2>&1 && break
  sleep 0.1
done
storescu -aec EVERYNET 127.0.0.1 "$port" "${files[@]}"
kill -TERM "$(pgrep -P "$strace_pid")"
wait "$strace_pid" || true
strace_pid=""

# Per thread: the temporary file's descriptor, whether it was fsynced, renamed, and whether the
# directory it was renamed into was fsynced; checked at the next P-DATA-TF written.
awk '
  / openat\(.*\/data\/tmp\/.*O_CREAT/ { tmp[$1] = $NF; synced[$1] = 0; renamed[$1] = 0; next }
  / fsync\(/ { fd = $2; sub(/fsync\(/, "", fd); sub(/\)/, "", fd)
    if (fd == tmp[$1]) synced[$1] = 1
    if (fd == dir[$1] && renamed[$1]) dir_synced[$1] = 1
    next }
  / rename\(.*\/data\/tmp\/.*\/data\/instances\// {
    renamed[$1] = 1; renamed_synced[$1] = synced[$1]; dir_synced[$1] = 0; next }
  / openat\(.*\/data\/instances.*O_DIRECTORY/ { if (renamed[$1]) dir[$1] = $NF; next }
  / write\([0-9]+, "\\4\\0/ { if (!renamed[$1]) next
    total++
    if (renamed_synced[$1] && dir_synced[$1]) ok++
    else printf "thread %s acknowledged before fsync (file %d, directory %d)\n", $1,
      renamed_synced[$1], dir_synced[$1]
    renamed[$1] = 0 }
  END { printf "instances acknowledged after fsync(file), rename, fsync(directory): %d of %d\n",
        ok, total
        exit !(total == '"$instances"' && ok == total) }
' "$work/trace"
