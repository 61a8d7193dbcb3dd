#!/usr/bin/env bash
# Time and peak memory of `conform diff` on api.github.com.yaml (3.4 MB of YAML) against an
# edited copy: a path removed, a query parameter made required, a response property's type
# changed, an enum value removed from a request, an endpoint added.
#
#   bench/diff.sh [DESCRIPTION.yaml]
#
# The target (issue #21): under 1 s and 200 MB. conform is the release build
# ($CARGO_TARGET_DIR/release/conform, or CONFORM_BIN); /usr/bin/time -v gives the figures.
# The release profile links with fat LTO, which takes long on a busy machine;
# `CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 bench/diff.sh`
# builds faster (docs/diff.md says which build its figures come from).
# Each run is repeated (RUNS, default 5) and every run is printed: on a shared machine the
# wall time moves with the load, the CPU time and memory much less.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

old="${1:-}"
if [ -z "$old" ]; then
  for dir in "$repo/../shared" "$repo/../../shared" /work/shared; do
    [ -f "$dir/corpora/openapi-large/api.github.com.yaml" ] && old="$dir/corpora/openapi-large/api.github.com.yaml" && break
  done
fi
[ -f "$old" ] || { echo "api.github.com.yaml not found: give its path" >&2; exit 2; }

conform="${CONFORM_BIN:-${CARGO_TARGET_DIR:-$repo/target}/release/conform}"
if [ -z "${CONFORM_BIN:-}" ]; then
  (cd "$repo" && cargo build --release --quiet)
fi

# The edited copy (each edit is checked to have applied, so the diff has work to do).
python3 - "$old" "$work/new.yaml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
def edit(old, new):
    global text
    assert old in text, old
    text = text.replace(old, new, 1)
# A path removed (its key renamed out of the way would be an addition too: drop the line's key).
edit('  "/zen":\n', '  "/zen-removed-in-v2":\n')
# A query parameter made required (the first `per-page` parameter component).
edit('    per-page:\n      name: per_page\n      description:', '    per-page:\n      name: per_page\n      required: true\n      description:')
# A response property's type changed, and one removed.
edit('        login:\n          type: string\n', '        login:\n          type: integer\n', )
edit('        node_id:\n          type: string\n', '        node_id_v2:\n          type: string\n')
# An endpoint added.
edit('paths:\n', 'paths:\n  "/benchmark/added":\n    get:\n      responses:\n        "200":\n          description: ok\n')
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
cp "$old" "$work/old.yaml"

echo "conform diff $(basename "$old") (edited copy), $(du -h "$old" | cut -f1) each; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$conform" diff "$work/old.yaml" "$work/new.yaml" --format json > "$work/report.json" || true
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); s=r['summary']; print(f\"findings: {s['errors']} errors, {s['warnings']} warnings, {s['infos']} infos\")" "$work/report.json"
for _ in $(seq 1 "${RUNS:-5}"); do
  /usr/bin/time -v "$conform" diff "$work/old.yaml" "$work/new.yaml" --format json > /dev/null 2> "$work/time.txt" || true
  awk -F': ' '
    /Elapsed \(wall clock\)/ { wall = $2 }
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "wall %s  cpu %.2f s (user %s, sys %s)  max RSS %.0f MB\n", wall, user + sys, user, sys, rss / 1024 }
  ' "$work/time.txt"
done
