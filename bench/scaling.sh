#!/usr/bin/env bash
# Scaling benchmark (issue #24, Deliver 7): doubles each dimension an input controls and
# prints, per doubling, the time and peak-memory ratio of `conform` (release build), beside
# xmllint, frictionless and Spectral on the same inputs where they apply. Linear work shows
# ratios near 2.0 (memory near 1.0 when streamed); the goal is no time ratio above 2.3. The
# ratio is taken on CPU time (user + sys of all threads), which a busy machine stretches far
# less than wall time; both are printed. Not a timed test.
#
# Usage: bench/scaling.sh [--short] [--steps "10000 20000 ..."] [--only DIM] [--conform PATH]
#                         [--no-reference] [--instructions] [--list]
#   --short  four steps (15 625 -> 125 000); the default goes on to 1 000 000 (several
#            minutes); --steps takes any sizes.
#   --only   one dimension (see the list printed by --list).
#   --instructions  also count the instructions each conform run executes (valgrind's
#            callgrind, about 50x slower: use it with --only and --short) and print their
#            ratio per doubling. Unlike time, the count does not move with the machine's load
#            or with cache and TLB misses: a time ratio above 2.3 beside an instruction ratio
#            near 2.0 is the memory hierarchy (the data outgrowing a cache), not more work per
#            item.
set -euo pipefail

bench="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$bench")"
# Doubling from 15 625 lands on the goal's sizes: 1 000 000 labels, names and findings.
steps="15625 31250 62500 125000 250000 500000 1000000"
only=""
conform=""
no_reference=""
instructions=""
while [ $# -gt 0 ]; do
  case "$1" in
    --short) steps="15625 31250 62500 125000" ;;
    --steps) steps="$2"; shift ;;
    --only) only="$2"; shift ;;
    --conform) conform="$2"; shift ;;
    --list) only="--list" ;;
    --no-reference) no_reference=1 ;;
    --instructions) instructions=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$instructions" ] && ! command -v valgrind >/dev/null; then
  echo "--instructions needs valgrind (apt-get install valgrind)" >&2
  exit 2
fi
if [ -z "$conform" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  conform="${CARGO_TARGET_DIR:-$root/target}/release/conform"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The input generator: `gen.py DIM N DIR` writes the input of dimension DIM at size N.
cat >"$work/gen.py" <<'PY'
import json, sys, os
dim, n, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def w(name, text):
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
lax = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r"><xs:complexType>'
       '<xs:sequence><xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>'
       '</xs:complexType></xs:element></xs:schema>')
w("ints.schema.json", '{"items": {"type": "integer"}, "additionalProperties": {"type": "integer"}}')
w("e.xsd", lax)
w("oas.yaml", 'extends: ["spectral:oas"]\n')
if dim == "file-size":            # valid NDJSON records of 103 bytes, n of them (1 000 000: 103 MB)
    with open(os.path.join(d, "in.ndjson"), "w") as f:
        for i in range(n):
            f.write('{"a": %10d, "b": %10d, "c": %10d, "d": %10d, "e": %10d, "f": %10d}\n' % ((i,) * 6))
elif dim == "line-length":        # one minified line of n numbers
    w("in.json", "[" + ",".join("1" for _ in range(n)) + "]")
elif dim == "json-nesting":       # n levels (refused past the reader's depth limit)
    w("in.json", "[" * n + "]" * n)
elif dim == "xml-nesting":
    w("in.xml", "<r>" + "<a>" * n + "</a>" * n + "</r>")
elif dim == "header-width":       # n CSV labels, a Table Schema of n fields
    w("t.schema.json", json.dumps({"fields": [{"name": "c%d" % i, "type": "integer"} for i in range(n)]}))
    w("in.csv", ",".join("c%d" % i for i in range(n)) + "\n" + ",".join("1" for _ in range(n)) + "\n")
elif dim == "label-length":       # one label of n characters
    w("t.schema.json", json.dumps({"fields": [{"name": "x" * n, "type": "integer"}]}))
    w("in.csv", "x" * n + "\n1\n")
elif dim == "ns-uri-length":      # a namespace URI of n bytes, 10 000 prefixed names
    w("in.xml", '<r xmlns:p="http://x/%s">' % ("a" * n) + "<p:e/>" * 10000 + "</r>")
elif dim == "xml-names":          # n prefixed names, a 1 kB namespace URI
    w("in.xml", '<r xmlns:p="http://x/%s">' % ("a" * 1000) + "<p:e/>" * n + "</r>")
elif dim == "pattern-length":     # a ruleset regex of n characters (refused past its limit)
    w("api.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    w("ruleset.yaml", "rules:\n  r:\n    given: $.info\n    then: {field: title, function: pattern, functionOptions: {match: '%s'}}\n" % ("a" * n))
elif dim == "glob-length":        # a conform.toml glob of n characters (refused past its limit)
    w("conform.toml", 'ignore = ["%s"]\n' % ("*a" * (n // 2)))
    w("a.json", "[1]\n")
elif dim == "occurrence-bounds":  # sequence k..k { sequence k..k { element unbounded } }, k = n / 1000
    k = max(1, n // 1000)
    w("s.xsd", '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r"><xs:complexType>'
      '<xs:sequence minOccurs="%d" maxOccurs="%d"><xs:sequence minOccurs="%d" maxOccurs="%d">'
      '<xs:element name="e" maxOccurs="unbounded"/></xs:sequence></xs:sequence></xs:complexType></xs:element></xs:schema>' % (k, k, k, k))
    w("in.xml", "<r>" + "<e/>" * (k * k) + "</r>")
elif dim == "ref-hops":           # a $ref chain of n hops (refused past its limit)
    defs = {"d%d" % i: {"$ref": "#/$defs/d%d" % (i + 1)} for i in range(n)}
    defs["d%d" % n] = {"type": "object"}
    w("chain.schema.json", json.dumps({"$ref": "#/$defs/d0", "$defs": defs}))
    w("in.json", "{}")
elif dim == "oas-ref-hops":       # an OpenAPI $ref chain of n references (spectral:oas; past 64 an invalid-ref error)
    schemas = {"s%d" % i: {"$ref": "#/components/schemas/s%d" % (i + 1)} for i in range(n)}
    schemas["s%d" % n] = {"type": "object", "properties": {"id": {"type": "string"}}}
    ok = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/s0"}}}}
    w("api.json", json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                              "paths": {"/a": {"get": {"responses": {"200": ok}}}},
                              "components": {"schemas": schemas}}))
elif dim.startswith("findings-"): # n findings on one minified line
    w("in.json", "[" + ",".join('"x"' for _ in range(n)) + "]")
else:
    sys.exit("unknown dimension " + dim)
PY

dims=(file-size line-length json-nesting xml-nesting header-width label-length ns-uri-length xml-names
  pattern-length glob-length occurrence-bounds ref-hops oas-ref-hops)
for format in human json sarif junit github markdown codequality stylish; do
  dims+=("findings-$format")
done
if [ "$only" = "--list" ]; then
  printf '%s\n' "${dims[@]}"
  exit 0
fi

# The largest size a dimension is taken to: the `$ref` chains stop past the 100 000 hops the
# goal names (their memory grows with the chain: every reference is a node of the document).
max_of() {
  case "$1" in
    ref-hops | oas-ref-hops) echo 125000 ;;
    *) echo 100000000 ;;
  esac
}

# The conform command of a dimension (run in the input's folder).
command_of() {
  case "$1" in
    file-size) echo check --no-config --schema ints.schema.json in.ndjson ;;
    line-length | json-nesting) echo check --no-config --schema ints.schema.json in.json ;;
    xml-nesting | ns-uri-length | xml-names) echo check --no-config --schema e.xsd in.xml ;;
    header-width | label-length) echo check --no-config --schema t.schema.json in.csv ;;
    pattern-length) echo check --no-config --ruleset ruleset.yaml api.yaml ;;
    glob-length) echo check --schema ints.schema.json a.json ;;
    occurrence-bounds) echo check --no-config --schema s.xsd in.xml ;;
    ref-hops) echo check --no-config --schema chain.schema.json in.json ;;
    oas-ref-hops) echo check --no-config --ruleset oas.yaml api.json ;;
    findings-*) echo check --no-config --schema ints.schema.json --format "${1#findings-}" in.json ;;
  esac
}

# The reference tool's command, where one applies and is installed.
reference_of() {
  [ -n "$no_reference" ] && return 0
  case "$1" in
    xml-nesting | ns-uri-length | xml-names)
      command -v xmllint >/dev/null && echo xmllint --noout --huge --schema e.xsd in.xml ;;
    occurrence-bounds) command -v xmllint >/dev/null && echo xmllint --noout --schema s.xsd in.xml ;;
    header-width | label-length)
      command -v frictionless >/dev/null && echo frictionless validate --schema t.schema.json in.csv ;;
    pattern-length)
      [ -x "$bench/node_modules/.bin/spectral" ] && echo "$bench/node_modules/.bin/spectral" lint --ruleset ruleset.yaml api.yaml ;;
    oas-ref-hops)
      [ -x "$bench/node_modules/.bin/spectral" ] && echo "$bench/node_modules/.bin/spectral" lint --ruleset oas.yaml api.json ;;
    *) ;;
  esac
  return 0
}

# The runner of one measurement: `run.py DIR COMMAND...` prints "<wall seconds> <CPU
# seconds> <peak KiB>" of COMMAND run in DIR (output discarded, 120 s at most). CPU time is
# user + system time from wait4(2), which the kernel keeps to the nanosecond (GNU time prints
# it to 10 ms: 5 % of a 0.2 s run, enough to move a ratio past its bar).
cat >"$work/run.py" <<'PY'
import os, subprocess, sys, time
dir, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
child = subprocess.Popen(["timeout", "120", *cmd], cwd=dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, _, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - start
print("%.3f %.3f %d" % (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss))
PY

# "<wall seconds> <CPU seconds> <peak KiB>" of a command run in folder $1. A run under 5 s of
# CPU time is repeated twice and the fastest of the three kept (the work is the same each
# time: a shared machine only ever adds to it).
measure() {
  local dir="$1"
  shift
  local best="" line cpu
  for attempt in 1 2 3; do
    line="$(python3 "$work/run.py" "$dir" "$@")"
    cpu="$(echo "$line" | awk '{ print $2 }')"
    if [ -z "$best" ] || awk -v a="$cpu" -v b="$(echo "$best" | awk '{ print $2 }')" 'BEGIN { exit !(a < b) }'; then
      best="$line"
    fi
    awk -v c="$cpu" 'BEGIN { exit !(c >= 5) }' && [ "$attempt" = 1 ] && break
  done
  echo "$best"
}

# Instructions (millions) a command run in folder $1 executes, all threads, from callgrind;
# "failed" (and callgrind's log on stderr) when callgrind gave no count. conform's own exit
# code (1: findings) is no failure here.
instructions_of() {
  local dir="$1" count
  shift
  rm -f "$work/callgrind.log"
  (cd "$dir" && valgrind --tool=callgrind --callgrind-out-file=/dev/null --log-file="$work/callgrind.log" "$@" \
    >/dev/null 2>&1) || true
  count="$(awk '/Collected :/ { printf "%.0f", $4 / 1e6 }' "$work/callgrind.log" 2>/dev/null)"
  if [ -z "$count" ]; then
    echo "callgrind gave no instruction count for: $*" >&2
    cat "$work/callgrind.log" >&2 2>/dev/null || true
    count=failed
  fi
  echo "$count"
}

# a / b, when b is long enough (100 ms) for the ratio to mean something.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b >= 0.1) printf "%.2f", a / b; else printf "-" }'; }

printf '%-22s %9s %9s %9s %9s %7s %7s %10s %9s' dimension n conform_s cpu_s conform_MiB t_ratio m_ratio ref_s ref_MiB
[ -n "$instructions" ] && printf ' %9s %7s' conform_Mi i_ratio
printf '\n' 
worst_t=0
worst_dim=""
worst_i=0
worst_i_dim=""
peak_m=0
peak_dim=""
for dim in "${dims[@]}"; do
  [ -n "$only" ] && [ "$dim" != "$only" ] && continue
  prev_t=""
  prev_m=""
  prev_i=""
  for n in $steps; do
    [ "$n" -gt "$(max_of "$dim")" ] && break
    dir="$work/$dim-$n"
    mkdir -p "$dir"
    python3 "$work/gen.py" "$dim" "$n" "$dir"
    # shellcheck disable=SC2046
    read -r wall t m <<<"$(measure "$dir" "$conform" $(command_of "$dim"))"
    if [ "$m" -gt "$peak_m" ]; then
      peak_m="$m"
      peak_dim="$dim at $n"
    fi
    ref="$(reference_of "$dim")"
    rt="-"
    rm_="-"
    if [ -n "$ref" ]; then
      # shellcheck disable=SC2086
      read -r rt _ rk <<<"$(measure "$dir" $ref)"
      rm_=$((rk / 1024))
    fi
    tr="-"
    mr="-"
    if [ -n "$prev_t" ]; then
      tr="$(ratio "$t" "$prev_t")"
      mr="$(ratio "$m" "$prev_m")"
      if [ "$tr" != "-" ] && awk -v r="$tr" -v w="$worst_t" 'BEGIN { exit !(r > w) }'; then
        worst_t="$tr"
        worst_dim="$dim at $n"
      fi
    fi
    printf '%-22s %9s %9s %9s %9s %7s %7s %10s %9s' "$dim" "$n" "$wall" "$t" "$((m / 1024))" "$tr" "$mr" "$rt" "$rm_"
    if [ -n "$instructions" ]; then
      # shellcheck disable=SC2046
      i="$(instructions_of "$dir" "$conform" $(command_of "$dim"))"
      ir="-"
      if [ "$i" != failed ] && [ -n "$prev_i" ] && [ "$prev_i" != failed ] && [ "$prev_i" -ge 100 ]; then
        ir="$(awk -v a="$i" -v b="$prev_i" 'BEGIN { printf "%.2f", a / b }')"
      fi
      if [ "$ir" != "-" ] && awk -v r="$ir" -v w="$worst_i" 'BEGIN { exit !(r > w) }'; then
        worst_i="$ir"
        worst_i_dim="$dim at $n"
      fi
      printf ' %9s %7s' "$i" "$ir"
      prev_i="$i"
    fi
    printf '\n'
    prev_t="$t"
    prev_m="$m"
    rm -rf "$dir"
  done
done
echo "worst CPU-time ratio per doubling: $worst_t ($worst_dim); ratios after runs under 100 ms are not shown"
[ -n "$instructions" ] && echo "worst instruction-count ratio per doubling: $worst_i ($worst_i_dim); after runs under 100 million instructions not shown"
echo "highest peak memory: $((peak_m / 1024)) MiB ($peak_dim)"
