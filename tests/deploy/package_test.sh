#!/usr/bin/env bash
# Installs with `cmake --install`, builds the Debian packages with CPack and checks them: the files
# and where they land, each package's dependencies (the service's without LibTorch, the trainer's
# with LibTorch and OpenBLAS), conffiles and maintainer scripts, the service account, and the unit
# with `systemd-analyze verify` against the packaged binary. Prints the unit's
# `systemd-analyze security` exposure score.
# Usage: package_test.sh BUILD_DIR
set -euo pipefail
build_dir=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_line() {  # FILE PATTERN WHAT
  grep -qE -- "$2" "$1" || fail "$3 (no line matching '$2')"
}

echo "== cmake --install (prefix /usr/local, DESTDIR)"
DESTDIR="$work/destdir" cmake --install "$build_dir" --prefix /usr/local >/dev/null
installed="$work/destdir"
for file in usr/local/bin/everynet usr/local/libexec/everynet/everynet-engine \
    usr/local/libexec/everynet/everynet-train \
    etc/everynet/everynet.toml \
    usr/local/lib/systemd/system/everynet.service usr/local/lib/sysusers.d/everynet.conf \
    usr/local/share/doc/everynet/README.md usr/local/share/doc/everynet/deploy/CONFORMANCE.md \
    usr/local/share/doc/everynet/engine/PROFILES.md \
    usr/local/share/doc/everynet/engine/core/TRAINER.md \
    usr/local/share/doc/everynet/docs/analysing-by-hand.md \
    usr/local/share/doc/everynet/docs/routing-from-the-pacs.md; do
  [ -e "$installed/$file" ] || fail "cmake --install did not install /$file"
done
expect_line "$installed/usr/local/lib/systemd/system/everynet.service" \
  '^ExecStart=/usr/local/bin/everynet serve --config /etc/everynet/everynet.toml$' \
  "the installed unit runs the installed binary"

echo "== cpack"
cpack --config "$build_dir/CPackConfig.cmake" -B "$work/package" >/dev/null
deb=$(ls "$work"/package/everynet_*_amd64.deb)
trainer_deb=$(ls "$work"/package/everynet-trainer_*_amd64.deb) ||
  { echo "FAIL: no everynet-trainer package"; exit 1; }
for package in "$deb" "$trainer_deb"; do
  echo "package: $(basename "$package"), $(stat -c %s "$package") bytes"
done

dpkg-deb -c "$deb" | awk '{print $1, $2, $NF}' >"$work/contents"
for entry in \
    '^-rwxr-xr-x root/root ./usr/bin/everynet$' \
    '^-rwxr-xr-x root/root ./usr/libexec/everynet/everynet-engine$' \
    '^-rw-r----- root/root ./etc/everynet/everynet.toml$' \
    '^-rw-r--r-- root/root ./usr/lib/systemd/system/everynet.service$' \
    '^-rw-r--r-- root/root ./usr/lib/sysusers.d/everynet.conf$' \
    '^-rw-r--r-- root/root ./usr/share/doc/everynet/README.md$' \
    '^-rw-r--r-- root/root ./usr/share/doc/everynet/deploy/CONFORMANCE.md$' \
    '^-rw-r--r-- root/root ./usr/share/doc/everynet/engine/PROFILES.md$' \
    '^-rw-r--r-- root/root ./usr/share/doc/everynet/engine/core/TRAINER.md$' \
    '^-rw-r--r-- root/root ./usr/share/doc/everynet/docs/analysing-by-hand.md$' \
    '^-rw-r--r-- root/root ./usr/share/doc/everynet/docs/routing-from-the-pacs.md$' \
    '^-rw-r--r-- root/root ./usr/share/doc/everynet/docs/training-on-a-slurm-cluster.md$' \
    '^-rw-r--r-- root/root ./usr/share/doc/everynet/examples/low-port.conf$' \
    '^-rw-r--r-- root/root ./usr/share/doc/everynet/examples/slurm-shared-dir.conf$'; do
  expect_line "$work/contents" "$entry" "package contents"
done
# Nothing of the build or the tests goes into the package, nor the trainer.
if grep -qE 'test|bench|\.a$|/include/|everynet-train' "$work/contents"; then
  fail "package carries build, test or trainer files: $(grep -E 'test|bench|\.a$|/include/|everynet-train' "$work/contents")"
fi

dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//' >"$work/depends"
for library in '^libdcmtk[0-9]+ ' '^libinsighttoolkit5\.2 ' '^libsqlite3-0 ' \
    '^libspdlog' '^libtomlplusplus3 ' '^systemd$'; do
  expect_line "$work/depends" "$library" "Depends"
done
# The service runs the classical method without LibTorch; the personal network's trainer brings it.
if grep -qiE 'torch' "$work/depends"; then
  fail "the service package depends on LibTorch: $(grep -iE 'torch' "$work/depends")"
fi
[ "$(dpkg-deb -f "$deb" Package)" = everynet ] || fail "package name"
[ "$(dpkg-deb -f "$deb" Recommends)" = "everynet-trainer (= $(dpkg-deb -f "$deb" Version))" ] ||
  fail "the service package recommends the trainer of its version: $(dpkg-deb -f "$deb" Recommends)"

echo "== the trainer's package"
[ "$(dpkg-deb -f "$trainer_deb" Package)" = everynet-trainer ] || fail "trainer package name"
dpkg-deb -c "$trainer_deb" | awk '{print $1, $2, $NF}' >"$work/trainer-contents"
expect_line "$work/trainer-contents" '^-rwxr-xr-x root/root ./usr/libexec/everynet/everynet-train$' \
  "trainer package contents"
# The trainer alone: no file of the service (its binaries, configuration, unit, documentation).
if grep -E '^-' "$work/trainer-contents" | grep -vqE ' \./usr/libexec/everynet/everynet-train$'; then
  fail "trainer package carries more than the trainer: $(grep -E '^-' "$work/trainer-contents")"
fi
dpkg-deb -f "$trainer_deb" Depends | tr ',' '\n' | sed 's/^ *//' >"$work/trainer-depends"
expect_line "$work/trainer-depends" '^libtorch1\.13 ' "the trainer's Depends has LibTorch"
expect_line "$work/trainer-depends" '^libopenblas0-pthread \| libopenblas0$' \
  "the trainer's Depends has OpenBLAS"
dpkg-deb -e "$trainer_deb" "$work/trainer-control"
for file in conffiles postinst prerm postrm; do
  [ ! -e "$work/trainer-control/$file" ] || fail "the trainer package has $file"
done

dpkg-deb -e "$deb" "$work/control"
[ "$(cat "$work/control/conffiles")" = /etc/everynet/everynet.toml ] || fail "conffiles"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "maintainer script $script missing or not executable"
  sh -n "$work/control/$script" || fail "maintainer script $script does not parse"
done
expect_line "$work/control/postinst" 'systemd-sysusers everynet\.conf' "postinst creates the account"

echo "== the packaged tree: binary, account, unit"
root="$work/root"
dpkg-deb -x "$deb" "$root"
"$root/usr/bin/everynet" version >/dev/null || fail "the packaged binary does not run"
# everynet hands serve, analyze and phantom to everynet-engine; a usage error shows it ran.
engine_usage=$("$root/usr/bin/everynet" analyze 2>&1 || true)
[[ $engine_usage == *"--baseline is required"* ]] ||
  fail "the packaged everynet does not start its engine binary: $engine_usage"
dpkg-deb -x "$trainer_deb" "$work/trainer-root"
trainer_describe=$("$work/trainer-root/usr/libexec/everynet/everynet-train" --describe 2>&1) ||
  fail "the packaged trainer does not describe itself: $trainer_describe"
[[ $trainer_describe == *'"trainer":"everynet-train"'* ]] ||
  fail "the packaged trainer's --describe: $trainer_describe"
systemd-sysusers --dry-run --root="$root" >"$work/sysusers" 2>&1 || fail "systemd-sysusers"
expect_line "$work/sysusers" "Creating user 'everynet'" "the sysusers entry creates the account"
# systemd-analyze resolves the unit's dependencies (sysinit.target, ...) inside the root.
mkdir -p "$root/lib/systemd"
cp -r /lib/systemd/system "$root/lib/systemd/"
unit=/usr/lib/systemd/system/everynet.service
# verify exits 0 on unknown keys and only warns: any message at all is a failure.
if ! systemd-analyze verify --root="$root" "$unit" >"$work/verify" 2>&1 || [ -s "$work/verify" ]; then
  fail "systemd-analyze verify: $(cat "$work/verify")"
fi
systemd-analyze security --offline=yes --root="$root" everynet.service >"$work/security" 2>&1 ||
  fail "systemd-analyze security: $(tail -3 "$work/security")"
grep 'Overall exposure level' "$work/security" || fail "no exposure level"
# The unit holds no capabilities: only the drop-in for ports below 1024 adds one.
expect_line "$root$unit" '^CapabilityBoundingSet=$' "empty capability bounding set"
expect_line "$root$unit" '^AmbientCapabilities=$' "no ambient capabilities"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all package checks passed"
