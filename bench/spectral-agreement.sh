#!/usr/bin/env bash
# Agreement of `conform check --ruleset` with Spectral (findings as line:column, severity,
# rule) for one ruleset on description files; by default the OWASP API security ruleset as npm
# ships it (@stoplight/spectral-owasp-ruleset, custom JavaScript functions) on every file of
# ../shared/corpora/openapi-large. Spectral and the ruleset are installed from npm into
# bench/node_modules.
#
# Usage: bench/spectral-agreement.sh [RULESET [FILE...]]
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

ruleset="${1:-$owasp}"
shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=("$corpus"/*.yaml "$corpus"/*.json)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# line:column severity rule, one a line, sorted.
findings() { grep -E '^ +[0-9]+:[0-9]+ ' | awk '{ print $1, $2, $3 }' | sort; }

printf '%-22s %9s %9s %7s %9s\n' file spectral conform agree agree_%
for file in "${files[@]}"; do
  "$spectral" lint --ruleset "$ruleset" --format stylish "$file" 2>/dev/null | findings >"$work/s" || true
  "$conform" check --ruleset "$ruleset" --format stylish "$file" 2>/dev/null | findings >"$work/c" || true
  s="$(wc -l <"$work/s")"
  c="$(wc -l <"$work/c")"
  both="$(comm -12 "$work/s" "$work/c" | wc -l)"
  pct="$(awk -v b="$both" -v s="$s" -v c="$c" 'BEGIN { m = (s > c ? s : c); printf "%.1f", (m > 0 ? 100 * b / m : 100) }')"
  printf '%-22s %9s %9s %7s %9s\n' "$(basename "$file")" "$s" "$c" "$both" "$pct"
done
