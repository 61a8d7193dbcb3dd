#!/usr/bin/env bash
# Throughput and peak memory of `conform check` (xsd engine) against
# `xmllint --stream --schema` on the same generated CII invoices, in one run:
# a ~100 MB valid invoice (line items repeated) and the same with 1 000 errors.
#
# Usage: bench/xsd.sh [SIZE_MB]      (needs ../shared/corpora/cii, xmllint, GNU time)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CII_CORPUS:-$root/../shared/corpora/cii}
size_mb=${1:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
conform=$root/target/release/conform

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
measure() { # name file command...
  local name=$1 file=$2; shift 2
  local mb; mb=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1])/1048576)" "$file")
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
  read -r secs kb < <(tail -n 1 "$work/time")
  python3 -c "import sys; n,f,mb,s,kb=sys.argv[1:]; mb=float(mb); s=float(s); print(f'{n:10} {f:11} {mb:7.1f} MB {s:7.2f} s {mb/max(s,1e-9):8.1f} MB/s  peak {int(kb)/1024:7.1f} MB')" "$name" "$(basename "$file")" "$mb" "$secs" "$kb"
}
printf '%-10s %-11s %10s %9s %13s %15s\n' tool file size time throughput memory
for f in valid errors; do
  measure xmllint "$work/$f.xml" xmllint --noout --stream --schema "$schema" "$work/$f.xml"
  measure conform "$work/$f.xml" "$conform" check --catalog "$work/catalog" -s cii -f json -o "$work/$f.json" "$work/$f.xml"
  echo "conform findings in $f.xml: $(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['diagnostics']))" "$work/$f.json")"
done
