#!/usr/bin/env bash
# Installs every Debian 12 package that EveryNet's build, tests and demo need; nothing from
# anywhere else. Safe to run again: apt-get skips what is already installed.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # libraries we link
  libdcmtk-dev libinsighttoolkit5-dev libtorch-dev libopenblas0-pthread
  libboost-dev libsqlite3-dev libspdlog-dev libfmt-dev
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libgtest-dev libgmock-dev libssl-dev
  # packaging and its checks: dpkg-shlibdeps, systemd-analyze, systemd-sysusers
  dpkg-dev systemd
  # real peers and data used by tests and the demo
  dcmtk orthanc dicom3tools mricron-data sqlite3 chromium curl procps jq openssl
  # benchmarks: the crash soak's checker (tests/bench/crash_soak_verify.py) and the fsync order
  # check (tests/bench/fsync_order.sh)
  python3 strace
  # the one-node Slurm cluster that tests start (tests/support/slurm_cluster)
  slurmctld slurmd slurm-client munge
  # fuzzing (tests/fuzz): clang with libFuzzer and its sanitizer runtimes
  clang libclang-rt-14-dev
)

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

export DEBIAN_FRONTEND=noninteractive
if ! dpkg-query -W -f='${Status}\n' "${packages[@]}" 2>/dev/null | grep -qv 'install ok installed' \
   && [ "$(dpkg-query -W -f='${Status}\n' "${packages[@]}" 2>/dev/null | wc -l)" -eq "${#packages[@]}" ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${packages[@]}"
# Debian's orthanc package starts a system instance on 4242/8042; tests start their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet orthanc 2>/dev/null; then
  $sudo systemctl disable --now orthanc || true
fi
echo "install-deps: done"
