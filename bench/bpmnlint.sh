#!/usr/bin/env bash
# Side-by-side timing of `conform` and bpmnlint (npm) on the same BPMN models.
#
#   bench/bpmnlint.sh [MODEL...]
#
# Without arguments it times bpmnlint's own test models (../shared/corpora/bpmnlint, or
# $BPMNLINT_CORPUS), the
# business-licence sample and a generated ~1 MB model. bpmnlint is installed from npm into
# bench/node_modules (gitignored); conform is the release build.
# Both tools run once per file (a fresh process each time, as in CI or an editor hook) with
# bpmnlint's recommended rules; conform runs the public-service-process standard, a
# superset (the recommended rules plus the e-government rules), so the comparison is
# conservative. A second figure runs every file in one invocation of each tool.
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

models=("$@")
if [ ${#models[@]} -eq 0 ]; then
  corpus="${BPMNLINT_CORPUS:-$repo/../shared/corpora/bpmnlint}/fixtures"
  [ -d "$corpus" ] && while IFS= read -r f; do models+=("$f"); done < <(find "$corpus" -name '*.bpmn' | sort)
  models+=("$repo/fixtures/samples/business-licence.bpmn")
  big="$work/large.bpmn"
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" id="D"><bpmn:process id="P">'
    echo '<bpmn:startEvent id="S" name="Start"><bpmn:outgoing>F0</bpmn:outgoing></bpmn:startEvent>'
    for i in $(seq 0 2999); do
      echo "<bpmn:userTask id=\"T$i\" name=\"Step $i\"><bpmn:incoming>F$i</bpmn:incoming><bpmn:outgoing>F$((i+1))</bpmn:outgoing></bpmn:userTask>"
      echo "<bpmn:sequenceFlow id=\"F$i\" sourceRef=\"$([ "$i" -eq 0 ] && echo S || echo "T$((i-1))")\" targetRef=\"T$i\"/>"
    done
    echo '<bpmn:endEvent id="E" name="End"><bpmn:incoming>F3000</bpmn:incoming></bpmn:endEvent><bpmn:sequenceFlow id="F3000" sourceRef="T2999" targetRef="E"/>'
    echo '</bpmn:process><bpmndi:BPMNDiagram id="Di"><bpmndi:BPMNPlane id="Pl" bpmnElement="P">'
    for i in $(seq 0 2999); do
      echo "<bpmndi:BPMNShape id=\"T${i}_di\" bpmnElement=\"T$i\"><dc:Bounds x=\"$((i * 150))\" y=\"100\" width=\"100\" height=\"80\"/></bpmndi:BPMNShape>"
    done
    echo '</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>'
  } > "$big"
  models+=("$big")
fi

now() { date +%s%N; }
ms() { echo "scale=1; $1 / 1000000" | bc; }

total_conform=0
total_lint=0
printf '%-60s %12s %12s %8s\n' model conform_ms bpmnlint_ms ratio
for model in "${models[@]}"; do
  t0=$(now); "$conform" check --standard public-service-process --format json "$model" > /dev/null || true; t1=$(now)
  (cd "$work" && "$bpmnlint" "$model" > /dev/null 2>&1) || true; t2=$(now)
  c=$((t1 - t0)); l=$((t2 - t1))
  total_conform=$((total_conform + c)); total_lint=$((total_lint + l))
  printf '%-60s %12s %12s %7sx\n' "$(basename "$(dirname "$model")")/$(basename "$model")" "$(ms $c)" "$(ms $l)" "$(echo "scale=1; $l / $c" | bc)"
done
n=${#models[@]}
echo
echo "files: $n"
echo "per file (one process per file): conform $(ms $((total_conform / n))) ms, bpmnlint $(ms $((total_lint / n))) ms, $(echo "scale=1; $total_lint / $total_conform" | bc)x"

t0=$(now); "$conform" check --standard public-service-process --format json "${models[@]}" > /dev/null || true; t1=$(now)
(cd "$work" && "$bpmnlint" "${models[@]}" > /dev/null 2>&1) || true; t2=$(now)
echo "all files in one invocation: conform $(ms $((t1 - t0))) ms, bpmnlint $(ms $((t2 - t1))) ms, $(echo "scale=1; ($t2 - $t1) / ($t1 - $t0)" | bc)x"
