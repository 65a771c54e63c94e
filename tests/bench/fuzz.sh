#!/usr/bin/env bash
# Fuzzing benchmark (not a test): every libFuzzer harness of tests/fuzz for SECONDS (default 600,
# the closing-note figure of executions and coverage per harness), as tests/fuzz/run.sh does for
# CI in 30 s.
#
# Usage: tests/bench/fuzz.sh [SECONDS [HARNESS...]]
set -euo pipefail

exec "$(dirname "${BASH_SOURCE[0]}")/../fuzz/run.sh" "${1:-600}" "${@:2}"
