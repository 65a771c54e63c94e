#!/usr/bin/env bash
# Builds with AddressSanitizer and UndefinedBehaviorSanitizer (build-sanitize/) and runs the unit
# tests and the hostile-input integration tests in that build. CI runs it after deploy/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
cmake --workflow --preset sanitize
