#!/usr/bin/env bash
# Regenerates validator/cli/function-order.txt: the functions that typical `conform` runs
# execute, hottest first. build.rs hands the file to the linker (lld's
# --symbol-ordering-file) for release builds, so those functions sit together at the start
# of .text instead of being spread over all of it. The kernel maps code in 64 KiB runs
# around every page touched, so packing them keeps a run's resident code near the size of
# the code it executes (about 1.3 MB instead of 5 MB for an XSD check), and start-up
# faults fewer pages in.
#
# A stale file is harmless: names the binary no longer has are skipped, and functions it
# does not list are laid out after the listed ones, as without the file. Regenerate it
# after large changes and compare `bench/xsd.sh` before and after.
#
# Usage: bench/function-order.sh      (needs valgrind, installed from Debian when missing;
#                                      uses ../shared/corpora when present)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${CONFORM_CORPORA:-$root/../shared/corpora}
out=$root/validator/cli/function-order.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v valgrind >/dev/null 2>&1; then
  { apt-get install -y -qq valgrind >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }; } ||
    { echo "valgrind is missing and could not be installed (apt-get install valgrind)" >&2; exit 2; }
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
conform=$root/target/release/conform

# The runs profiled, in layout priority (see the sort below). Runs naming one standard
# come first, as CI jobs and the benchmarks run them, XML first (the XSD engine's memory
# is measured against xmllint); then every bundled sample with detection over the whole
# catalog, and the report formats.
runs=()
samples=$root/fixtures/samples
catalog="--catalog $root/standards --format json --output $work/report.json"
runs+=("check $catalog --standard birth-registration $samples/birth-registration.xml")
if [ -d "$corpora/cii" ]; then
  schema=$corpora/cii/schema/D16B/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd
  # An invoice with 5 findings, long enough to be read ahead on a second thread.
  python3 - "$corpora/cii/examples/CII_example1.xml" "$work/errors.xml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index("<ram:IncludedSupplyChainTradeLineItem>")
end = text.rindex("</ram:IncludedSupplyChainTradeLineItem>") + len("</ram:IncludedSupplyChainTradeLineItem>")
items = text[start:end] + "\n"
bad = items.replace("<ram:BilledQuantity unitCode=", "<ram:BilledQuantity bogus=\"1\" unitCode=", 1)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(text[:start] + (items * 400 + bad) * 5 + text[end:])
PY
  runs+=("check --schema $schema --format json $corpora/cii/examples/CII_example1.xml")
  runs+=("check --schema $schema --format json --output $work/report.json $work/errors.xml")
fi
runs+=("check $catalog --standard public-service-process $samples/business-licence.bpmn")
if [ -d "$corpora/bpmnlint" ]; then
  model=$(find "$corpora/bpmnlint" -name '*.bpmn' -size +20k | head -n 1)
  [ -n "$model" ] && runs+=("check $catalog --standard public-service-process $model")
fi
if [ -d "$corpora/openapi-large" ]; then
  runs+=("check $catalog --standard rest-api $corpora/openapi-large/api.github.com.yaml")
fi
runs+=("check $catalog --standard person $samples/people.ndjson")
runs+=("check $catalog --standard organization $samples/organizations.json")
runs+=("check $catalog --standard budget-execution $samples/budget-execution-2025.csv")
runs+=("check $catalog --standard public-service-register $samples/public-services.csv")
for sample in "$samples"/*; do
  runs+=("check $sample" "check --format json $sample")
done
for format in sarif junit github markdown stylish; do
  runs+=("check --format $format $samples/people.ndjson")
done

i=0
for run in "${runs[@]}"; do
  i=$((i + 1))
  printf -v n '%03d' "$i"
  # shellcheck disable=SC2086 # each run is a list of words
  valgrind --tool=callgrind --demangle=no --dump-instr=no --callgrind-out-file="$work/cg.$n" \
    "$conform" $run >/dev/null 2>&1 || true
done
echo "profiled ${#runs[@]} runs" >&2

python3 - "$conform" "$out" "$work"/cg.* <<'PY'
import collections, re, subprocess, sys

binary, out, profiles = sys.argv[1], sys.argv[2], sys.argv[3:]
symbols = set()
for line in subprocess.run(["nm", binary], capture_output=True, text=True, check=True).stdout.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[1] in "tTwW":
        symbols.add(parts[2])

# Self cost (instructions) per function in each profile. A cost line after `calls=` is
# the call's inclusive cost, not the caller's own.
costs = []
cost_line = re.compile(r"^[+\-*]?\d*\s+(\d+)")
for path in profiles:
    cost = collections.Counter()
    costs.append(cost)
    names, current, after_call = {}, None, False
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("fn="):
            m = re.match(r"fn=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
            if m:
                if m.group(2):
                    names[m.group(1)] = m.group(2)
                current = names.get(m.group(1))
            continue
        if line.startswith(("cfn=", "cfi=", "cob=")):
            m = re.match(r"cfn=\((\d+)\) (.*)", line.rstrip("\n"))
            if m:
                names[m.group(1)] = m.group(2)
            continue
        if line.startswith("calls="):
            after_call = True
            continue
        m = cost_line.match(line)
        if m and current:
            if not after_call:
                cost[current] += int(m.group(1))
            after_call = False

# The hot functions first (each at least 0.5% of some run's instructions): the loops
# that read and validate, together in the first pages. Then the rest, sorted by which runs
# execute them, the first run weighing most: what the first run and every other run
# execute, then what the first run and all but the last execute, and so on, so that code
# that runs together lies together at every level. Hottest first within a set of runs.
total = collections.Counter()
for cost in costs:
    total.update(cost)
used = [set(cost) for cost in costs]
hot = {n for cost in costs for n, c in cost.items() if c * 200 >= sum(cost.values())}
listed = sorted(
    (name for name in total if name in symbols),
    key=lambda n: (n not in hot, tuple(n not in u for u in used), -total[n], n),
)
with open(out, "w", encoding="utf-8") as f:
    f.write("# Functions typical runs execute, hottest first: the release link order (see build.rs).\n")
    f.write("# Generated by bench/function-order.sh; do not edit.\n")
    for name in listed:
        f.write(name + "\n")
print(f"{len(listed)} functions written to {out}", file=sys.stderr)
PY
