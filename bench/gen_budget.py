"""Generates a budget-execution CSV export for benchmarks, with a few percent invalid rows.

Usage: python bench/gen_budget.py ROWS OUT_DIR
Writes OUT_DIR/budget.csv, copies of the code lists it references, and OUT_DIR/datapackage.json
describing the same checks for frictionless (code lists as package resources).
"""
import csv
import json
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LISTS = {
    "regions": "gb-t-2260-provinces/2023.csv",
    "functions": "cofog/1999.csv",
    "currencies": "iso-4217/2026.csv",
}


def codes(rel):
    with open(ROOT / "standards/codelists" / rel, newline="") as f:
        return [row["code"] for row in csv.DictReader(f)]


def main():
    rows, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(42)
    regions, functions, currencies = (codes(rel) for rel in LISTS.values())
    with open(out / "budget.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["fiscal_year", "line_id", "entity_id", "region", "function", "economic_code",
                    "description", "currency", "approved", "executed"])
        for i in range(rows):
            row = [2025, f"L-{i:08d}", "91110000MA01ABCD2Q", rng.choice(regions), rng.choice(functions),
                   "30101", f"Budget line {i}, generated", rng.choice(currencies[:20]),
                   f"{rng.randint(0, 10**7)}.{rng.randint(0, 99):02d}", rng.randint(0, 10**7)]
            r = rng.random()
            if r < 0.01:
                row[8] = "n/a"            # type-error
            elif r < 0.02:
                row[9] = -row[9] - 1      # constraint-error (minimum)
            elif r < 0.03:
                row[3] = "999999"          # foreign-key (region)
            elif r < 0.035:
                row[1] = f"L-{i - 1:08d}"  # primary-key (repeats the previous line)
            w.writerow(row)
    for name, rel in LISTS.items():
        (out / f"{name}.csv").write_bytes((ROOT / "standards/codelists" / rel).read_bytes())
    schema = json.loads((ROOT / "standards/data/budget-execution/1.0.0/budget-execution.schema.json").read_text())
    names = {"codelist:gb-t-2260-provinces@2023": "regions", "codelist:cofog@1999": "functions",
             "codelist:iso-4217@2026": "currencies"}
    for fk in schema["foreignKeys"]:
        fk["reference"]["resource"] = names[fk["reference"]["resource"]]
    listschema = {"fields": [{"name": n, "type": "string"} for n in ("code", "label", "valid_from", "valid_to")]}
    package = {"name": "budget", "resources": [{"name": "budget", "path": "budget.csv", "schema": schema}] + [
        {"name": name, "path": f"{name}.csv", "schema": listschema} for name in LISTS]}
    (out / "datapackage.json").write_text(json.dumps(package, indent=1))


if __name__ == "__main__":
    main()
