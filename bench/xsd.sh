#!/usr/bin/env bash
# Throughput and peak memory of `conform check` (xsd engine) against
# `xmllint --stream --schema` on the same generated CII invoices, in one run:
# a ~100 MB valid invoice (line items repeated) and the same with 1 000 errors.
#
# Each tool runs three times per file; the fastest run is shown, with its peak memory, and
# the ratios (throughput: conform / xmllint; memory: xmllint / conform). A row for one
# small invoice shows each tool's fixed cost (start-up, schema compilation, resident code).
#
# Usage: bench/xsd.sh [SIZE_MB]      (needs ../shared/corpora/cii, GNU time; installs
#                                     xmllint from Debian's libxml2-utils when missing)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CII_CORPUS:-$root/../shared/corpora/cii}
size_mb=${1:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v xmllint >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    { apt-get install -y -qq libxml2-utils >/dev/null 2>&1 ||
      { apt-get update -qq && apt-get install -y -qq libxml2-utils >/dev/null; }; } ||
      { echo "xmllint is missing and could not be installed (apt-get install libxml2-utils)" >&2; exit 2; }
  else
    echo "xmllint is missing: install libxml2 (xmllint) first" >&2
    exit 2
  fi
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
conform="${CARGO_TARGET_DIR:-$root/target}/release/conform"

# A catalog with the CII schema (copied into the temporary folder, never into the repository).
mkdir -p "$work/catalog/data/cii/1.0.0"
cp -r "$corpus/schema" "$work/catalog/data/cii/1.0.0/schema"
cat > "$work/catalog/catalog.toml" <<'TOML'
id = "bench"
version = "0.1.0"
title = "bench"
docs-url = "https://conform.dev/reference/{standard}/{version}/#{rule}"
TOML
cat > "$work/catalog/data/cii/1.0.0/standard.toml" <<'TOML'
id = "cii"
version = "1.0.0"
kind = "data"
title = "CII D16B"
description = "bench"
status = "active"
effective = "2026-01-01"
detect = { formats = ["xml"], files = ["**/*.xml"] }

[[requirement]]
id = "CII-XSD"
level = "MUST"
title = "schema"
check = { engine = "xsd", schema = "schema/D16B/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd" }
rationale = "bench"
fix = "bench"
TOML

python3 - "$corpus/examples/CII_example1.xml" "$work" "$size_mb" <<'PY'
import sys
src, out, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(src, encoding="utf-8").read()
start = text.index("<ram:IncludedSupplyChainTradeLineItem>")
end = text.rindex("</ram:IncludedSupplyChainTradeLineItem>") + len("</ram:IncludedSupplyChainTradeLineItem>")
head, items, tail = text[:start], text[start:end] + "\n", text[end:]
count = size_mb * 1024 * 1024 // len(items) + 1
bad_every = max(count // 1000, 1)
bad_item = items.replace("<ram:BilledQuantity unitCode=", "<ram:BilledQuantity bogus=\"1\" unitCode=", 1)
assert bad_item != items
with open(f"{out}/valid.xml", "w") as f:
    f.write(head)
    for _ in range(count):
        f.write(items)
    f.write(tail)
with open(f"{out}/errors.xml", "w") as f:
    f.write(head)
    bad = 0
    for i in range(count):
        if i % bad_every == 0 and bad < 1000:
            f.write(bad_item)
            bad += 1
        else:
            f.write(items)
    f.write(tail)
print(f"generated {count} line items per file, {bad} invalid in errors.xml", file=sys.stderr)
PY

schema="$work/catalog/data/cii/1.0.0/schema/D16B/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd"
cp "$corpus/examples/CII_example1.xml" "$work/small.xml"

# Prints "<seconds> <peak KiB>" of the fastest of three runs of a command.
measure() {
  local best="" kb=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
    read -r secs peak < <(tail -n 1 "$work/time")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(not float(sys.argv[1]) < float(sys.argv[2]))" "$secs" "$best"; then
      best=$secs kb=$peak
    fi
  done
  echo "$best $kb"
}

printf '%-11s %9s | %8s %9s %9s | %8s %9s %9s | %7s %7s\n' file size \
  conform_s conform_MB/s conform_MB xmllint_s xmllint_MB/s xmllint_MB speedup memory
for f in small valid errors; do
  file="$work/$f.xml"
  read -r x_s x_kb < <(measure xmllint --noout --stream --schema "$schema" "$file")
  read -r c_s c_kb < <(measure "$conform" check --catalog "$work/catalog" -s cii -f json -o "$work/$f.json" "$file")
  python3 - "$f" "$file" "$c_s" "$c_kb" "$x_s" "$x_kb" <<'PY'
import os, sys
name, path, c_s, c_kb, x_s, x_kb = sys.argv[1:]
mb = os.path.getsize(path) / 1048576
c_s, x_s = max(float(c_s), 0.005), max(float(x_s), 0.005)
c_mb, x_mb = int(c_kb) / 1024, int(x_kb) / 1024
print(f"{name:11} {mb:6.1f} MB | {c_s:8.2f} {mb / c_s:9.1f} {c_mb:9.1f} | {x_s:8.2f} {mb / x_s:9.1f} {x_mb:9.1f} | {x_s / c_s:6.2f}x {x_mb / c_mb:6.2f}x")
PY
done
for f in valid errors; do
  echo "conform findings in $f.xml: $(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['diagnostics']))" "$work/$f.json")"
done
