#!/usr/bin/env bash
# Side-by-side timing of `conform` and bpmnlint (npm) on the same BPMN models.
#
#   bench/bpmnlint.sh [MODEL...]
#
# Without arguments it times bpmnlint's own test models (../shared/corpora/bpmnlint, or
# $BPMNLINT_CORPUS), the business-licence sample, and then generated ~1 MB and ~5 MB
# models (with peak memory). bpmnlint is installed from npm into
# bench/node_modules (gitignored); conform is the release build.
# Both tools run once per file (a fresh process each time, as in CI or an editor hook) with
# bpmnlint's recommended rules. conform runs twice: with the public-service-process
# standard, a superset (the recommended rules plus the e-government rules, so more findings
# to report: the conservative figure), and with the same .bpmnlintrc as bpmnlint (the same
# rules and findings). A second figure runs every file in one invocation of each tool.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -x "$here/node_modules/.bin/bpmnlint" ]; then
  echo "installing bpmnlint into bench/node_modules ..." >&2
  npm install --silent --no-save --no-audit --no-fund --prefix "$here" bpmnlint@11 >&2
fi
bpmnlint="$here/node_modules/.bin/bpmnlint"
echo '{ "extends": "bpmnlint:recommended" }' > "$work/.bpmnlintrc"

# CONFORM_BIN overrides the binary (e.g. a debug build on a slow machine).
conform="${CONFORM_BIN:-$repo/target/release/conform}"
if [ ! -x "$conform" ]; then
  (cd "$repo" && cargo build --release --quiet)
fi

# gen_model N: a process of N user tasks in a chain, each drawn (~330 bytes per task:
# 3000 tasks make ~1 MB, 15000 ~5 MB).
gen_model() {
  local n=$1 i
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" id="D"><bpmn:process id="P">'
  echo '<bpmn:startEvent id="S" name="Start"><bpmn:outgoing>F0</bpmn:outgoing></bpmn:startEvent>'
  for i in $(seq 0 $((n - 1))); do
    echo "<bpmn:userTask id=\"T$i\" name=\"Step $i\"><bpmn:incoming>F$i</bpmn:incoming><bpmn:outgoing>F$((i + 1))</bpmn:outgoing></bpmn:userTask>"
    echo "<bpmn:sequenceFlow id=\"F$i\" sourceRef=\"$([ "$i" -eq 0 ] && echo S || echo "T$((i - 1))")\" targetRef=\"T$i\"/>"
  done
  echo "<bpmn:endEvent id=\"E\" name=\"End\"><bpmn:incoming>F$n</bpmn:incoming></bpmn:endEvent><bpmn:sequenceFlow id=\"F$n\" sourceRef=\"T$((n - 1))\" targetRef=\"E\"/>"
  echo '</bpmn:process><bpmndi:BPMNDiagram id="Di"><bpmndi:BPMNPlane id="Pl" bpmnElement="P">'
  for i in $(seq 0 $((n - 1))); do
    echo "<bpmndi:BPMNShape id=\"T${i}_di\" bpmnElement=\"T$i\"><dc:Bounds x=\"$((i * 150))\" y=\"100\" width=\"100\" height=\"80\"/></bpmndi:BPMNShape>"
  done
  echo '</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>'
}

models=()
for model in "$@"; do models+=("$(realpath "$model")"); done
large=()
if [ ${#models[@]} -eq 0 ]; then
  corpus="${BPMNLINT_CORPUS:-$repo/../shared/corpora/bpmnlint}/fixtures"
  [ -d "$corpus" ] && while IFS= read -r f; do models+=("$f"); done < <(find "$corpus" -name '*.bpmn' | sort)
  models+=("$repo/fixtures/samples/business-licence.bpmn")
  mkdir "$work/generated"
  gen_model 3000 > "$work/generated/large-1mb.bpmn"
  gen_model 15000 > "$work/generated/large-5mb.bpmn"
  large=("$work/generated/large-1mb.bpmn" "$work/generated/large-5mb.bpmn")
fi

now() { date +%s%N; }
ms() { echo "scale=1; $1 / 1000000" | bc; }
ratio() { echo "scale=1; $1 / $2" | bc; }

# Columns: conform with the public-service-process standard (bpmnlint's recommended rules
# plus the e-government rules), conform with the same .bpmnlintrc as bpmnlint (the same
# rules, the same findings), bpmnlint.
run_standard() { "$conform" check --standard public-service-process --format json "$@" > /dev/null 2>&1 || true; }
run_same() { (cd "$work" && "$conform" check --ruleset .bpmnlintrc --format json "$@" > /dev/null 2>&1) || true; }
run_lint() { (cd "$work" && "$bpmnlint" "$@" > /dev/null 2>&1) || true; }

total_std=0
total_same=0
total_lint=0
printf '%-52s %11s %11s %11s %9s %9s\n' model conform_ms same_rules bpmnlint_ms ratio same_ratio
# time_model MODEL [RUNS]: the fastest of RUNS runs (default 1) of each tool.
time_model() {
  local model=$1 runs=${2:-1} t0 t1 t2 t3 i
  c=0; s=0; l=0
  for i in $(seq "$runs"); do
    t0=$(now); run_standard "$model"; t1=$(now)
    run_same "$model"; t2=$(now)
    run_lint "$model"; t3=$(now)
    if [ "$i" -eq 1 ] || [ $((t1 - t0)) -lt $c ]; then c=$((t1 - t0)); fi
    if [ "$i" -eq 1 ] || [ $((t2 - t1)) -lt $s ]; then s=$((t2 - t1)); fi
    if [ "$i" -eq 1 ] || [ $((t3 - t2)) -lt $l ]; then l=$((t3 - t2)); fi
  done
  printf '%-52s %11s %11s %11s %8sx %8sx\n' "$(basename "$(dirname "$model")")/$(basename "$model")" \
    "$(ms $c)" "$(ms $s)" "$(ms $l)" "$(ratio $l $c)" "$(ratio $l $s)"
}
for model in "${models[@]}"; do
  time_model "$model"
  total_std=$((total_std + c)); total_same=$((total_same + s)); total_lint=$((total_lint + l))
done
n=${#models[@]}
echo
echo "files: $n"
echo "per file (one process per file): conform $(ms $((total_std / n))) ms, bpmnlint $(ms $((total_lint / n))) ms, $(ratio $total_lint $total_std)x" \
  "(same rules: conform $(ms $((total_same / n))) ms, $(ratio $total_lint $total_same)x)"

t0=$(now); run_standard "${models[@]}"; t1=$(now)
run_lint "${models[@]}"; t2=$(now)
echo "all files in one invocation: conform $(ms $((t1 - t0))) ms, bpmnlint $(ms $((t2 - t1))) ms, $(ratio $((t2 - t1)) $((t1 - t0)))x"

if [ ${#large[@]} -gt 0 ]; then
  echo
  echo "generated models (fastest of 3 runs of each tool; peak memory from one more run):"
  for model in "${large[@]}"; do
    time_model "$model" 3
    if [ -x /usr/bin/time ]; then
      # Both tools exit non-zero on findings (then time's file starts with a note).
      /usr/bin/time -o "$work/mem" -f %M "$conform" check --standard public-service-process --format json "$model" > /dev/null 2>&1 || true
      mc=$(tail -1 "$work/mem")
      (cd "$work" && /usr/bin/time -o "$work/mem" -f %M "$bpmnlint" "$model" > /dev/null 2>&1) || true
      ml=$(tail -1 "$work/mem")
      echo "  $(basename "$model") ($(($(wc -c < "$model") / 1024)) KiB): peak memory conform $((mc / 1024)) MiB, bpmnlint $((ml / 1024)) MiB"
    fi
  done
fi
