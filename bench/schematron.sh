#!/usr/bin/env bash
# Speed and peak memory of `conform check` (EN 16931 Schematron rules of the catalog, chosen
# by content; the CII XSD requirement too) against SaxonC-HE running the compiled XSLT of
# the same rules (PyPI `saxonche`, one process, each stylesheet compiled once), in one run,
# on the same invoices: the EN 16931 UBL examples and the CII examples, copied COPIES times
# (default 10), so that per-invoice work outweighs start-up.
#
# Each tool runs twice; the run with less CPU time (user + sys, all threads: a busy machine
# stretches wall time, not CPU time) is shown with its wall time and peak memory (GNU time). Saxon's
# figure includes compiling both stylesheets; conform's includes compiling both Schematron
# schemas (fully on the first evaluator thread of each, lazily on the others) and the XSD.
#
# Usage: bench/schematron.sh [COPIES]   (needs ../shared/corpora/{en16931,cii}, GNU time,
#                                         python3 with venv; installs saxonche in a venv)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${EN16931_CORPUS:-$root/../shared/corpora/en16931}
cii=${CII_CORPUS:-$root/../shared/corpora/cii}
copies=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=${CARGO_TARGET_DIR:-$root/target}

venv=${SAXON_VENV:-$root/bench/.venv-saxon}
if ! "$venv/bin/python" -c 'import saxonche' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q saxonche
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
conform=$target/release/conform

mkdir -p "$work/ubl" "$work/cii"
for i in $(seq 1 "$copies"); do
  for f in "$corpus"/ubl/examples/*; do
    name=$(basename "$f" | tr -c 'A-Za-z0-9_.\n-' '_')
    cp "$f" "$work/ubl/$i-${name%.*}.xml"
  done
  # The CII examples EN 16931 is about (the Factur-X 1.0 ones are another scenario).
  for f in "$cii"/examples/*.xml; do
    grep -q 'urn:cen.eu:en16931:2017' "$f" && cp "$f" "$work/cii/$i-$(basename "$f")"
  done
done
files=$(find "$work/ubl" "$work/cii" -name '*.xml' | wc -l)

measure() { # label variable command...: the faster of two runs (by CPU time), with its wall time and peak memory
  local label=$1 var=$2 best="" wall="" mem=""
  shift 2
  for _ in 1 2; do
    /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" > "$work/out" 2>"$work/err" || true
    read -r secs kib user sys < "$work/time"
    cpu=$(awk "BEGIN{print $user + $sys}")
    if [ -z "$best" ] || awk "BEGIN{exit !($cpu < $best)}"; then best=$cpu; wall=$secs; mem=$kib; fi
  done
  printf '%-34s %8.2f s %8.2f s %8.1f MiB\n' "$label" "$best" "$wall" "$(awk "BEGIN{print $mem/1024}")"
  printf -v "$var" '%s' "$best"
  printf -v "${var}_wall" '%s' "$wall"
}

saxon_both() {
  "$venv/bin/python" "$root/bench/saxon_schematron.py" --quiet "$corpus/ubl/xslt/EN16931-UBL-validation.xslt" "$work"/ubl/*.xml &&
    "$venv/bin/python" "$root/bench/saxon_schematron.py" --quiet "$corpus/cii/xslt/EN16931-CII-validation.xslt" "$work"/cii/*.xml
}
export -f saxon_both; export venv root corpus work

echo "$files invoices ($copies copies of the EN 16931 UBL and CII examples), $(nproc) cores"
printf '%-34s %10s %10s %12s\n' tool "CPU time" wall "peak memory"
best_saxon=0 best_conform=0 best_saxon_wall=0 best_conform_wall=0
measure "SaxonC-HE (compiled XSLT)" best_saxon bash -c saxon_both
# The invoice folders only: the bench's own files (time, out, err, report.json) are no input.
measure "conform check (rules + CII XSD)" best_conform "$conform" check "$work/ubl" "$work/cii" --no-config --format json --output "$work/report.json"
awk "BEGIN{printf \"conform / SaxonC-HE: CPU time %.2fx, wall %.2fx (below 1: conform is faster)\n\", $best_conform/$best_saxon, $best_conform_wall/$best_saxon_wall}"
python3 - "$work/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
print(f"conform checked {s['files']} files: {s['errors']} errors, {s['warnings']} warnings, {s['skipped']} skipped")
PY
