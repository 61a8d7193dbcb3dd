#!/usr/bin/env bash
# Times `conform check --ruleset` against Spectral (@stoplight/spectral-cli, installed from npm
# into bench/node_modules) with the built-in `spectral:oas` ruleset on every file of
# ../shared/corpora/openapi-large, and prints wall time, peak memory and the speed-up; then the
# same with a ruleset of custom JavaScript functions (the OWASP API security ruleset as npm
# ships it, @stoplight/spectral-owasp-ruleset's `dist/ruleset.mjs`, run by conform's embedded
# engine).
#
# Usage: [RUNS=3] bench/spectral.sh [FILE...]   (default: every file of the corpus; each
#        command runs RUNS times, the median is shown)
set -euo pipefail

bench="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$bench")"
corpus="$root/../shared/corpora/openapi-large"

if [ ! -x "$bench/node_modules/.bin/spectral" ]; then
  npm install --silent --no-audit --no-fund --prefix "$bench" @stoplight/spectral-cli >/dev/null
fi
owasp="$bench/node_modules/@stoplight/spectral-owasp-ruleset/dist/ruleset.mjs"
if [ ! -f "$owasp" ]; then
  npm install --silent --no-audit --no-fund --prefix "$bench" @stoplight/spectral-owasp-ruleset@2 >/dev/null
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
conform="${CARGO_TARGET_DIR:-$root/target}/release/conform"
spectral="$bench/node_modules/.bin/spectral"

ruleset="$(mktemp --suffix=.yaml)"
trap 'rm -f "$ruleset"' EXIT
echo 'extends: ["spectral:oas"]' >"$ruleset"

# Prints "<seconds> <peak MiB>" for a command (its output is discarded): the median wall time
# and the highest peak of $RUNS runs (default 3; a shared machine's one-off stalls would
# otherwise decide the ratio).
runs="${RUNS:-3}"
measure() {
  local stats
  stats="$(mktemp)"
  for _ in $(seq "$runs"); do
    /usr/bin/time -a -o "$stats" -f '%e %M' "$@" >/dev/null 2>&1 || true
  done
  grep -v '^Command' "$stats" | sort -n | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
    END { printf "%.2f %.0f", t[int((NR + 1) / 2)], m / 1024 }'
  rm -f "$stats"
}

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=("$corpus"/*.yaml "$corpus"/*.json)
fi

printf '%-8s %-22s %10s %10s %12s %12s %8s\n' ruleset file conform_s conform_MiB spectral_s spectral_MiB speedup
for file in "${files[@]}"; do
  for set in oas owasp-js; do
    rules="$ruleset"
    [ "$set" = owasp-js ] && rules="$owasp"
    read -r c_s c_m <<<"$(measure "$conform" check --ruleset "$rules" --format stylish "$file")"
    read -r s_s s_m <<<"$(measure "$spectral" lint --ruleset "$rules" --format stylish "$file")"
    ratio="$(awk -v s="$s_s" -v c="$c_s" 'BEGIN { printf "%.0fx", (c > 0 ? s / c : 0) }')"
    printf '%-8s %-22s %10s %10s %12s %12s %8s\n' "$set" "$(basename "$file")" "$c_s" "$c_m" "$s_s" "$s_m" "$ratio"
  done
done
