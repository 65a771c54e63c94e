#!/usr/bin/env bash
# Installs what is needed, builds everything and runs the test suite (ctest, labels unit and
# integration). The README's test command; CI runs it too.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
cmake --workflow --preset test
