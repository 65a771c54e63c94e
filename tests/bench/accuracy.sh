#!/usr/bin/env bash
# Accuracy benchmark (not a test): phantom pairs on the Colin27 head across every change class
# (a no-change pair and thick-slice pairs among them), each analysed by the personal WGAN and by
# the classical peer (rigid registration with Mattes mutual information, histogram matching,
# subtraction, the same read-out), scored against the phantom's truth by everynet-evaluate-change:
# baseline tumour volume error (mL, %), volume-change error (mL) of the tumour-related read-out and
# of the paper's whole-brain read-out, Dice, precision and recall of the growth and reduction
# regions in the baseline's and the follow-up's geometry, modified RANO (accuracy over the cases
# given a class, classes withheld, false progressions), voxel-wise ROC AUC and average precision
# of the map, skull-strip and baseline tumour Dice.
#
# Two case sets (BENCH_SET):
#   usual   (default) the eight cases listed below, seeds 101-108, every change class and
#           thick-slice pairs; directories CHANGE-SEED-thick-VISIT
#   varied  one case per seed of BENCH_SEEDS=FIRST-LAST, made with `everynet phantom --varied`
#           (tumour kind and site, enhancement, voxel sizes and gaps drawn from the seed); the
#           change class cycles with the seed (seed modulo 6: progression, stable, response,
#           complete, nochange, new), so that any six consecutive seeds hold each class once;
#           directories varied-SEED-CHANGE. Seed ranges:
#             3000-3059  for choosing the read-out's rules: tune on these
#             7000-7059  held out for reporting: never run or look at them while tuning, only
#                        once the rules are fixed, and report them as they come
#
# Usage: tests/bench/accuracy.sh [WORK_DIR]
#   WORK_DIR keeps phantoms and results; a second run with the same directory resumes, skipping
#   what is already there. Default: a new directory under ${TMPDIR:-/tmp}.
# Environment:
#   BENCH_PROFILE   training profile (default cpu: about an hour or more on 2 cores in all)
#   BENCH_METHODS   methods to run (default: the service's, engine.methods = "auto":
#                   registration-subtraction, and personal-wgan where the trainer sees a GPU),
#                   e.g. "personal-wgan registration-subtraction"
#   BENCH_SET       usual or varied (above; default usual)
#   BENCH_SEEDS     FIRST-LAST, the seeds of the varied set (required with BENCH_SET=varied)
#   BENCH_CASES     how many of the set's cases to run, from its first (default all)
#   BENCH_THREADS   CPU threads for training (default 0: one per core)
#   BENCH_SETTINGS  profile changes, "KEY=VALUE KEY=VALUE ..." (each an `analyze --set`); results
#                   of other settings need another WORK_DIR, since a rerun skips what is there
#   BENCH_SEED_OFFSET  added to every seed of the usual set (default 0): the same classes and
#                   acquisitions on other phantoms, a held-out set for read-out rules tuned on it
#   BENCH_TUMOUR_ONLY=1   phantoms whose follow-up differs only in the tumour and the noise (no
#                   pose, gain, bias, warp, ventricle or vessel change): what a method finds
#                   without the nuisance
#   BENCH_EXPORT_PAIRS=DIR   train the personal WGAN elsewhere: write each case's training pair,
#                   gzipped, to DIR/CASE/ instead of analysing it here (DIR is what
#                   tests/bench/device_training.sh trains on a machine with LibTorch alone, such
#                   as a GPU machine), and evaluate nothing
#   BENCH_MAPS_FROM=DIR   the personal WGAN's maps trained elsewhere: DIR/CASE.vol or CASE.vol.gz
#                   (from device_training.sh; same profile and seed), read out here
#   EVERYNET_BIN, EVERYNET_EVALUATE, EVERYNET_TRAIN   the binaries (default: the build
#                   directory's; a copied everynet needs everynet-engine and everynet-train at
#                   ../libexec/everynet/ beside it)
#
# A GPU run of the benchmark, for the paper profile (about 10 MiB of pair per case to carry):
#   BENCH_PROFILE=paper BENCH_CASES=4 BENCH_EXPORT_PAIRS=$PWD/.device-pairs tests/bench/accuracy.sh WORK
#   on the GPU machine: tests/bench/device_training.sh .device-pairs "$OUT"
#   BENCH_PROFILE=paper BENCH_CASES=4 BENCH_MAPS_FROM=MAPS_DIR tests/bench/accuracy.sh WORK
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
everynet=${EVERYNET_BIN:-$repo_root/build/service/everynet}
evaluate=${EVERYNET_EVALUATE:-$repo_root/build/tests/bench/everynet-evaluate-change}
profile=${BENCH_PROFILE:-cpu}
trainer=${EVERYNET_TRAIN:-$(dirname "$everynet")/../libexec/everynet/everynet-train}
if [[ -n "${BENCH_METHODS:-}" ]]; then
  read -r -a methods <<<"$BENCH_METHODS"
else
  methods=(registration-subtraction)
  if [[ -x "$trainer" ]] && (($("$trainer" --describe | jq .cuda_devices) > 0)); then
    methods+=(personal-wgan)
  fi
fi
profile_settings=()
for setting in ${BENCH_SETTINGS:-}; do profile_settings+=(--set "$setting"); done
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/everynet-accuracy-XXXXXX")}
mkdir -p "$work"

# The usual set: change class, seed, which visit is a thick-slice acquisition (0.5x0.5x5 mm).
usual_cases=(
  "progression 101 none"
  "stable 102 none"
  "response 103 none"
  "complete 104 none"
  "nochange 105 none"
  "new 106 none"
  "progression 107 followup"
  "response 108 baseline"
)
varied_changes=(progression stable response complete nochange new)
phantom_options=()
case_suffix=""
if [[ "${BENCH_TUMOUR_ONLY:-0}" == 1 ]]; then
  phantom_options=(--tumour-only)
  case_suffix="-tumour-only"
fi

# Each case: its directory name and the `everynet phantom` options that make it.
case_names=()
case_phantom_options=()
add_case() {
  case_names+=("$1")
  shift
  case_phantom_options+=("$*")
}
case ${BENCH_SET:-usual} in
  usual)
    for entry in "${usual_cases[@]}"; do
      read -r change seed thick <<<"$entry"
      seed=$((seed + ${BENCH_SEED_OFFSET:-0}))
      add_case "$change-$seed-thick-$thick$case_suffix" \
        --change "$change" --seed "$seed" --thick "$thick"
    done
    ;;
  varied)
    if [[ ! "${BENCH_SEEDS:-}" =~ ^([0-9]+)-([0-9]+)$ ]] ||
      ((BASH_REMATCH[2] < BASH_REMATCH[1])); then
      echo "BENCH_SET=varied needs BENCH_SEEDS=FIRST-LAST (3000-3059 to tune, 7000-7059 held out)" >&2
      exit 1
    fi
    first_seed=${BASH_REMATCH[1]}
    last_seed=${BASH_REMATCH[2]}
    for ((seed = first_seed; seed <= last_seed; ++seed)); do
      change=${varied_changes[seed % 6]}
      add_case "varied-$seed-$change$case_suffix" --change "$change" --seed "$seed" --varied
    done
    ;;
  *)
    echo "BENCH_SET must be usual or varied" >&2
    exit 1
    ;;
esac
count=${BENCH_CASES:-${#case_names[@]}}

for program in "$everynet" "$evaluate"; do
  [[ -x "$program" ]] || { echo "$program not found: build the project first" >&2; exit 1; }
done
source "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh"

# The map of a case trained elsewhere, unpacked next to the case.
map_trained_elsewhere() {
  local name=$1 dir=$2 maps=$BENCH_MAPS_FROM
  if [[ -f "$maps/$name.vol" ]]; then
    echo "$maps/$name.vol"
  elif [[ -f "$maps/$name.vol.gz" ]]; then
    gunzip -c "$maps/$name.vol.gz" >"$dir/map-trained-elsewhere.vol"
    echo "$dir/map-trained-elsewhere.vol"
  else
    echo "no map for $name in $maps" >&2
    return 1
  fi
}

case_dirs=()
for ((i = 0; i < count && i < ${#case_names[@]}; ++i)); do
  name=${case_names[i]}
  dir="$work/$name"
  case_dirs+=("$dir")
  if [[ ! -f "$dir/truth/truth.json" ]]; then
    read -r -a options <<<"${case_phantom_options[i]}"
    log "phantom $name (${options[*]})"
    "$everynet" phantom --out "$dir" "${options[@]}" "${phantom_options[@]}" \
      >"$dir.phantom.log" 2>&1 || { cat "$dir.phantom.log" >&2; exit 1; }
  fi
  baseline_series=$(jq -r '.baseline.t1ce_series_folder' "$dir/truth/truth.json")
  followup_series=$(jq -r '.followup.t1ce_series_folder' "$dir/truth/truth.json")
  for method in "${methods[@]}"; do
    out="$dir/$method"
    trained_elsewhere=()
    if [[ $method == personal-wgan && -n "${BENCH_EXPORT_PAIRS:-}" ]]; then
      log "export the training pair of $name ($profile profile)"
      "$everynet" analyze --baseline "$dir/$baseline_series" --followup "$dir/$followup_series" \
        --out "$dir/export" --profile "$profile" --export-pair >"$dir/export.log" 2>&1 ||
        { tail -n 20 "$dir/export.log" >&2; exit 1; }
      rm -rf "${BENCH_EXPORT_PAIRS:?}/$name"
      mkdir -p "$BENCH_EXPORT_PAIRS"
      mv "$dir/export/training_pair" "$BENCH_EXPORT_PAIRS/$name"
      rm -rf "$dir/export"
      gzip -f "$BENCH_EXPORT_PAIRS/$name"/*.vol
      continue
    fi
    [[ -f "$out/report.json" ]] && continue
    if [[ $method == personal-wgan && -n "${BENCH_MAPS_FROM:-}" ]]; then
      map=$(map_trained_elsewhere "$name" "$dir") || exit 1
      trained_elsewhere=(--change-map "$map")
    fi
    log "analyse $name with $method ($profile profile)"
    "$everynet" analyze --baseline "$dir/$baseline_series" --followup "$dir/$followup_series" \
      --out "$out" --profile "$profile" --method "$method" --threads "${BENCH_THREADS:-0}" \
      "${profile_settings[@]}" "${trained_elsewhere[@]}" >"$out.log" 2>&1 ||
      { tail -n 20 "$out.log" >&2; exit 1; }
  done
done

if [[ -n "${BENCH_EXPORT_PAIRS:-}" ]]; then
  log "training pairs in $BENCH_EXPORT_PAIRS ($(du -sh "$BENCH_EXPORT_PAIRS" | cut -f1)):" \
    "train them with tests/bench/device_training.sh"
  [[ " ${methods[*]} " == *" registration-subtraction "* ]] || exit 0
fi

"$evaluate" "${case_dirs[@]}" | tee "$work/evaluation.txt"
log "results kept in $work (evaluation.txt; the last line is JSON)"
