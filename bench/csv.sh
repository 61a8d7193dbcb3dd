#!/usr/bin/env bash
# Times `conform check` against `frictionless validate` on the same generated CSV export:
# ROWS rows (default 1 000 000) of the budget-execution standard (10 columns, a two-field
# primary key, foreign keys to three code lists, ~3.5% invalid rows), then compares the
# (row, field, error type) sets both report, and re-runs frictionless on the stored fixtures.
# If frictionless does not finish within FRICTIONLESS_TIMEOUT seconds (default 600), the run
# is repeated on a quarter of the rows, down to 10 000.
# Usage: bench/csv.sh [ROWS]   (needs python3; installs frictionless into bench/.venv)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
TIMEOUT=${FRICTIONLESS_TIMEOUT:-600}
VENV=bench/.venv
[ -x "$VENV/bin/frictionless" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q frictionless; }
cargo build --release --quiet
CONFORM=$PWD/target/release/conform

measure() { # measure OUT_PREFIX CMD... → OUT_PREFIX.time holds /usr/bin/time -v output
  local prefix=$1; shift
  /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err" || true
}
seconds() { awk -F': ' '/Elapsed \(wall clock\)/ { n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s }' "$1"; }
peak_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2/1024 }' "$1"; }

while :; do
  DATA=bench/data/$ROWS
  [ -f "$DATA/budget.csv" ] || "$VENV/bin/python" bench/gen_budget.py "$ROWS" "$DATA"
  BYTES=$(stat -c %s "$DATA/budget.csv")
  echo "== $ROWS rows, $((BYTES / 1024 / 1024)) MiB, $(nproc) cores"
  measure "$DATA/conform" "$CONFORM" check --standard budget-execution --format json "$DATA/budget.csv"
  (cd "$DATA" && measure frictionless timeout "$TIMEOUT" "$PWD/../../.venv/bin/frictionless" validate datapackage.json \
      --resource-name budget --limit-errors 100000000 --json)
  if grep -q '"tasks"' "$DATA/frictionless.out"; then break; fi
  echo "frictionless did not finish within ${TIMEOUT}s on $ROWS rows; retrying on fewer rows"
  ROWS=$((ROWS / 4))
  [ "$ROWS" -ge 10000 ] || { echo "giving up"; exit 1; }
done

C=$(seconds "$DATA/conform.time"); F=$(seconds "$DATA/frictionless.time")
python3 - "$DATA" "$ROWS" "$BYTES" "$C" "$F" "$(peak_mb "$DATA/conform.time")" "$(peak_mb "$DATA/frictionless.time")" <<'PY'
import json, sys
data, rows, size, c, f, cmem, fmem = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7]
ours = {(d["row"], d.get("field"), d["message"].split(":", 1)[0]) for d in json.load(open(f"{data}/conform.out"))["diagnostics"]}
theirs = {(e.get("rowNumber") or 1, e.get("fieldName") or None, e["type"])
          for t in json.load(open(f"{data}/frictionless.out"))["tasks"] for e in t["errors"]}
print(f"conform      {c:8.2f} s  {rows / c:12,.0f} rows/s  {size / c / 1e6:8.1f} MB/s  peak {cmem} MB")
print(f"frictionless {f:8.2f} s  {rows / f:12,.0f} rows/s  {size / f / 1e6:8.1f} MB/s  peak {fmem} MB")
print(f"speed-up     {f / c:8.1f}x")
print(f"findings     conform {len(ours)}, frictionless {len(theirs)}, only conform {len(ours - theirs)}, only frictionless {len(theirs - ours)}")
for label, diff in (("only conform", ours - theirs), ("only frictionless", theirs - ours)):
    for item in sorted(diff, key=str)[:5]:
        print(f"  {label}: {item}")
PY
echo "== stored frictionless outputs of fixtures/table-schema"
"$VENV/bin/python" bench/frictionless_expected.py --check && echo "frictionless still reports the stored findings"
