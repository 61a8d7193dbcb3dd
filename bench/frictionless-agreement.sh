#!/usr/bin/env bash
# Agreement of `conform check` with frictionless 5.21 on frictionless' own test data (the data/
# folder of its PyPI source archive, fetched at run time into bench/data/, never committed) and
# on single-mutation variants of its small valid tables. Prints the share of (row, field, error
# type) findings both report and every table where they differ.
# Usage: bench/frictionless-agreement.sh   (needs python3; installs frictionless 5.21 into a
# venv under the cargo target directory)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
VENV=$TARGET/frictionless-5.21
[ -x "$VENV/bin/frictionless" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q frictionless==5.21.0; }
SRC=bench/data/frictionless-5.21.0
if [ ! -d "$SRC/data" ]; then
  mkdir -p bench/data
  "$VENV/bin/pip" download -q --no-deps --no-binary :all: frictionless==5.21.0 -d bench/data
  tar xzf bench/data/frictionless-5.21.0.tar.gz -C bench/data frictionless-5.21.0/data
fi
cargo build --release --quiet --bin conform
WORK=bench/data/agreement
rm -rf "$WORK"
mkdir -p "$WORK"
"$VENV/bin/python" bench/frictionless_agreement.py "$TARGET/release/conform" "$SRC/data" "$WORK"
