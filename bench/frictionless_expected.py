"""Runs frictionless on every fixture of fixtures/table-schema/ and writes its findings.

Each case folder holds data.csv and schema.json (or datapackage.json when the table
references another file), and optionally dialect.json. The findings are written to frictionless.json as sorted
[row, field, type] triples, with header errors on the (last) header row and no field name as null.
Usage: $CARGO_TARGET_DIR/frictionless-5.21/bin/python bench/frictionless_expected.py [--check]
(--check compares with the stored files instead of writing them and exits 1 on a difference).
"""
import json
import pathlib
import sys

import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "table-schema"


FRICTIONLESS = pathlib.Path(sys.executable).parent / "frictionless"


def run(case):
    """frictionless validate, run in the case's folder with relative paths, as a user would."""
    package = case / "datapackage.json"
    if package.exists():
        args = ["validate", "datapackage.json", "--resource-name", "data"]
    else:
        args = ["validate", "data.csv", "--schema", "schema.json"]
    if (case / "dialect.json").exists():
        args += ["--dialect", "dialect.json"]
    if (case / "duplicate-row").exists():
        args += ["--checks", "duplicate-row"]
    done = subprocess.run([str(FRICTIONLESS), *args, "--json", "--limit-errors", "100000"], cwd=case, capture_output=True, text=True)
    report = json.loads(done.stdout)
    out = []
    for task in report["tasks"]:
        for error in task["errors"]:
            # Label errors carry the header's row numbers (more than 1 under a title line).
            row = error.get("rowNumber") or (error.get("rowNumbers") or [1])[-1]
            out.append([row, error.get("fieldName") or None, error["type"]])
    return sorted(out, key=lambda t: (t[0], t[1] or "", t[2]))


def main():
    check = "--check" in sys.argv
    failed = False
    for case in sorted(p for p in ROOT.iterdir() if p.is_dir()):
        got = run(case)
        target = case / "frictionless.json"
        text = json.dumps(got, indent=None) .replace("], [", "],\n [") + "\n"
        if check:
            stored = json.loads(target.read_text()) if target.exists() else None
            if stored != got:
                failed = True
                print(f"{case.name}: frictionless now reports {got}, stored {stored}")
        else:
            target.write_text(text)
            print(f"{case.name}: {len(got)} errors")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
