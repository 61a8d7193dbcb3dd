#!/usr/bin/env bash
# Benchmark the json-schema engine side by side with check-jsonschema (PyPI) and ajv-cli
# (npm) on the same generated person records, then measure conform's peak memory on a
# large NDJSON export (streaming).
#
# Usage: bench/ndjson.sh [RECORDS_FOR_COMPARISON=200000] [NDJSON_GB=1]
# Prints wall time, peak RSS and ratios. Not a test: timings are machine-dependent.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-200000}
GB=${2:-1}
DATA=bench/data
mkdir -p "$DATA"

cargo build --release --quiet
CONFORM=target/release/conform

if [ ! -x bench/.venv/bin/check-jsonschema ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet check-jsonschema
fi
if [ ! -x bench/node_modules/.bin/ajv ]; then
  npm install --silent --prefix bench ajv-cli@5 ajv-formats@3 >/dev/null
fi

# One schema for all three tools: an array of person records (person@1.1.0's record schema).
python3 - "$DATA/people-array.schema.json" <<'PY'
import json, sys
record = json.load(open("standards/data/person/1.1.0/person.schema.json"))
record.pop("$schema", None)
json.dump({"$schema": "http://json-schema.org/draft-07/schema#", "type": "array", "items": record}, open(sys.argv[1], "w"))
PY
[ -f "$DATA/people-$RECORDS.json" ] || python3 bench/gen_people.py --records "$RECORDS" --format json --out "$DATA/people-$RECORDS.json"

# run NAME CMD...: prints "NAME seconds peak_MB exit" (exit 1 = findings, as expected here)
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %M %x" -o "$DATA/time.txt" "$@" >/dev/null 2>&1 || true
  # GNU time prefixes a "Command exited with non-zero status" line on exit 1: keep the last.
  read -r secs kb code < <(tail -n 1 "$DATA/time.txt")
  printf "%-18s %8.2f s %8.1f MB  exit %s\n" "$name" "$secs" "$(echo "$kb / 1024" | bc -l)" "$code"
  echo "$secs" > "$DATA/$name.secs"
}

INPUT="$DATA/people-$RECORDS.json"
SIZE_MB=$(du -m "$INPUT" | cut -f1)
echo "== JSON document, $RECORDS records (${SIZE_MB} MB), 2% invalid"
run conform $CONFORM check --schema "$DATA/people-array.schema.json" --format json "$INPUT"
run check-jsonschema bench/.venv/bin/check-jsonschema --schemafile "$DATA/people-array.schema.json" "$INPUT"
run ajv-cli bench/node_modules/.bin/ajv validate --spec=draft7 -c ajv-formats --all-errors -s "$DATA/people-array.schema.json" -d "$INPUT"
c=$(cat "$DATA/conform.secs")
for tool in check-jsonschema ajv-cli; do
  printf "conform is %.1fx faster than %s\n" "$(echo "$(cat "$DATA/$tool.secs") / $c" | bc -l)" "$tool"
done

# Streaming: a large NDJSON export. Memory must not grow with file size.
BIG="$DATA/people-${GB}gb.ndjson"
if [ ! -f "$BIG" ]; then
  per_gb=6400000
  python3 bench/gen_people.py --records "$(echo "$per_gb * $GB / 1" | bc)" --out "$BIG"
fi
BIG_MB=$(du -m "$BIG" | cut -f1)
echo "== NDJSON export, ${BIG_MB} MB, 2% invalid, streamed (--standard person@1)"
run conform-ndjson $CONFORM check --standard person@1 --format json --output "$DATA/report.json" "$BIG"
secs=$(cat "$DATA/conform-ndjson.secs")
printf "throughput: %.0f MB/s\n" "$(echo "$BIG_MB / $secs" | bc -l)"
