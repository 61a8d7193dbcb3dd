#!/usr/bin/env bash
# The public Spectral rulesets of governments and large API programmes, run unmodified by
# Spectral 6.16.3 (the oracle, from npm) and by conform on the descriptions of
# ../shared/corpora/openapi-large. Prints per ruleset whether each tool loads it (offline) and
# how many findings agree, a finding being (file, line, rule, severity).
#
# Usage: bench/spectral-rulesets.sh RULESETS_DIR [FILE...]   (default: every corpus file)
#
# RULESETS_DIR holds the rulesets' repositories, each checked out as OWNER+NAME:
#   for r in italia/api-oas-checker-rules adidas/api-guidelines baloise-incubator/spectral-ruleset \
#            co-cddo/api-standards-linting VNG-Realisatie/Haal-Centraal-common \
#            SchwarzIT/api-linter-rules ukhsa-collaboration/standards-api; do
#     git clone --depth 1 "https://github.com/$r" "RULESETS_DIR/${r/\//+}"
#   done
# (none of them is published on npm; the OWASP ruleset is, and is installed here from npm into
# bench/node_modules with Spectral). The Italian ruleset is built from its rules/ and security/
# folders by its own builder.py (PyYAML), as its Makefile does without Docker.
set -euo pipefail

bench="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$bench")"
corpus="$root/../shared/corpora/openapi-large"
dir="$(cd "${1:?usage: bench/spectral-rulesets.sh RULESETS_DIR [FILE...]}" && pwd)"
shift

if [ ! -x "$bench/node_modules/.bin/spectral" ]; then
  npm install --silent --no-audit --no-fund --prefix "$bench" @stoplight/spectral-cli@6.16.3 >/dev/null
fi
owasp="$bench/node_modules/@stoplight/spectral-owasp-ruleset/dist/ruleset.mjs"
if [ ! -f "$owasp" ]; then
  npm install --silent --no-audit --no-fund --prefix "$bench" @stoplight/spectral-owasp-ruleset@2 >/dev/null
fi
# CONFORM=path/to/conform uses that binary instead of a release build.
if [ -z "${CONFORM:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fi
conform="${CONFORM:-${CARGO_TARGET_DIR:-$root/target}/release/conform}"
spectral="$bench/node_modules/.bin/spectral"

italia="$dir/italia+api-oas-checker-rules"
if [ -d "$italia" ] && [ ! -f "$italia/rulesets/spectral-full.yml" ]; then
  (
    cd "$italia"
    mkdir -p rulesets/functions
    for set in "spectral.yml rules/" "spectral-full.yml rules/,security/"; do
      read -r file folders <<<"$set"
      RULES_FOLDERS="$folders" RULESET_NAME="$file" RULESET_VERSION=0.1 RULESET_FILE_NAME="rulesets/$file" \
        TEMPLATE_FILE=rules/rules-template.yml.template python3 builder.py >/dev/null
    done
    cp security/functions/* rulesets/functions/
  )
fi

# label and ruleset file
rulesets=(
  "italia $italia/rulesets/spectral.yml"
  "italia-full $italia/rulesets/spectral-full.yml"
  "owasp $owasp"
  "adidas $dir/adidas+api-guidelines/adidas-spectral.yaml"
  "baloise $dir/baloise-incubator+spectral-ruleset/baloise.yml"
  "govuk $dir/co-cddo+api-standards-linting/spectral-ruleset-govuk-public/ruleset.yaml"
  "govuk-high $dir/co-cddo+api-standards-linting/spectral-ruleset-govuk-public/ruleset-high.yaml"
  "vng-haal-centraal $dir/VNG-Realisatie+Haal-Centraal-common/.spectral.yml"
  "schwarz-api $dir/SchwarzIT+api-linter-rules/spectral-api.yml"
  "schwarz-async $dir/SchwarzIT+api-linter-rules/spectral-async-api.yml"
  "ukhsa $dir/ukhsa-collaboration+standards-api/ukhsa.oas.rules.yml"
)

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=("$corpus"/*.yaml "$corpus"/*.json)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# "file line rule severity", one a finding, sorted (Spectral's "information" is "info").
findings() {
  { grep -E '^ +[0-9]+:[0-9]+ ' || true; } | awk -v f="$1" '{ split($1, at, ":"); s = $2; if (s == "information") s = "info"; print f, at[1], $3, s }'
}
# The first line of a tool's error output, when it did not load the ruleset.
reason() { { grep -m1 -E 'Error #1|error:' "$1" || true; } | cut -c1-200; }

printf '%-18s %-8s %-8s %9s %9s %7s %7s\n' ruleset spectral conform s_finds c_finds agree agree_%
for entry in "${rulesets[@]}"; do
  read -r label ruleset <<<"$entry"
  # ONLY="label ..." runs only those rulesets.
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $label "* ]]; then
    continue
  fi
  : >"$work/s"
  : >"$work/c"
  s_load=yes
  c_load=yes
  for file in "${files[@]}"; do
    name="$(basename "$file")"
    "$spectral" lint --ruleset "$ruleset" --format stylish "$file" >"$work/s.out" 2>"$work/s.err" || true
    "$conform" check --ruleset "$ruleset" --format stylish "$file" >"$work/c.out" 2>"$work/c.err" || true
    if grep -q 'Error running Spectral' "$work/s.out" "$work/s.err"; then s_load=no; fi
    if grep -q 'cannot load the ruleset' "$work/c.err"; then c_load=no; fi
    findings "$name" <"$work/s.out" >>"$work/s"
    findings "$name" <"$work/c.out" >>"$work/c"
    if [ "$s_load" = no ] || [ "$c_load" = no ]; then
      break
    fi
  done
  sort -o "$work/s" "$work/s"
  sort -o "$work/c" "$work/c"
  s="$(wc -l <"$work/s")"
  c="$(wc -l <"$work/c")"
  both="$(comm -12 "$work/s" "$work/c" | wc -l)"
  pct="$(awk -v b="$both" -v s="$s" -v c="$c" 'BEGIN { m = (s > c ? s : c); printf "%.1f", (m > 0 ? 100 * b / m : 100) }')"
  printf '%-18s %-8s %-8s %9s %9s %7s %7s\n' "$label" "$s_load" "$c_load" "$s" "$c" "$both" "$pct"
  if [ "$s_load" = no ]; then
    cat "$work/s.out" "$work/s.err" >"$work/s.all"
    printf '    spectral: %s\n' "$(reason "$work/s.all")"
  fi
  if [ "$c_load" = no ]; then
    printf '    conform:  %s\n' "$(reason "$work/c.err")"
  fi
done
