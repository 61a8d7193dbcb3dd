"""Agreement of `conform check` with frictionless 5.21 on frictionless' own test data.

For every CSV/TSV file of frictionless-py's data/ folder (from its PyPI source archive),
frictionless infers a schema (Resource.describe); both tools then validate the file against
that schema (`conform check --schema`; frictionless detects encoding and dialect, conform does
too). Then single-mutation variants of the small valid tables (a cell of the wrong type, a
missing or extra cell, a duplicated key, a shifted header, non-ASCII labels, an encoding
mismatch, a BOM, CRLF, quotes, ...) are written as data packages (table + datapackage.json with
the base table's schema) and checked by both (`conform check datapackage.json`).

Findings are compared as (row, field, error type) multisets; agreement is the share of all
findings (either tool's) that both report. Every table where they differ is printed.

Usage: python frictionless_agreement.py CONFORM DATA_DIR WORK_DIR
  (run with the python of a venv holding frictionless 5.21; bench/frictionless-agreement.sh
  sets it all up).
"""
import collections
import csv
import io
import json
import pathlib
import shutil
import subprocess
import sys

import frictionless
from frictionless import Package, Resource, Schema

# Files larger than this are frictionless' speed fixtures (generated); checking them costs
# minutes of frictionless time and exercises nothing the others do not.
MAX_BYTES = 4_000_000
LIMIT_ERRORS = 100_000


def frictionless_findings(report):
    out = collections.Counter()
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None) or (getattr(error, "row_numbers", None) or [1])[-1]
            out[(row, getattr(error, "field_name", None) or None, error.type)] += 1
    for error in report.errors:  # package- or resource-level errors outside a task
        out[(None, None, error.type)] += 1
    return out


def conform_findings(conform, args, cwd):
    done = subprocess.run([conform, "check", "--format", "json", *args], cwd=cwd, capture_output=True)
    try:
        report = json.loads(done.stdout)
    except ValueError:
        report = None
    out = collections.Counter()
    if done.returncode == 2 or report is None:
        reason = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no report"])[-1]
        out[(None, None, f"conform-failed: {reason[:160]}")] += 1
        return out
    for d in report["diagnostics"]:
        out[(d.get("row") or None, d.get("field"), d["message"].split(":", 1)[0])] += 1
    return out


class Tally:
    def __init__(self):
        self.tables = self.same_tables = self.both = self.either = 0
        self.lines = []
        self.no_oracle = []

    def add(self, group, name, ours, theirs):
        both = sum((ours & theirs).values())
        either = sum((ours | theirs).values())
        self.tables += 1
        self.both += both
        self.either += either
        if ours == theirs:
            self.same_tables += 1
            return
        self.lines.append(f"  {group} {name}: conform {sum(ours.values())}, frictionless {sum(theirs.values())}")
        for label, diff in (("only conform", ours - theirs), ("only frictionless", theirs - ours)):
            for item in sorted(diff, key=str)[:4]:
                self.lines.append(f"    {label}: {item} x{diff[item]}")

    def summary(self, title):
        share = 100.0 * self.both / self.either if self.either else 100.0
        print(f"{title}: {self.same_tables}/{self.tables} tables identical; "
              f"{self.both} of {self.either} findings agree ({share:.1f} %)")
        if self.no_oracle:
            print(f"  not counted, frictionless crashed: {', '.join(self.no_oracle)}")
        for line in self.lines:
            print(line)
        return share


def data_folder(conform, data, work):
    tally = Tally()
    skipped = []
    bases = []
    for path in sorted(list(data.glob("*.csv")) + list(data.glob("*.tsv"))):
        if path.stat().st_size > MAX_BYTES:
            skipped.append(f"{path.name} ({path.stat().st_size // 1_000_000} MB)")
            continue
        try:
            described = Resource.describe(path.name, basepath=str(data))
            schema = described.schema.to_descriptor()
            report = Resource(path.name, basepath=str(data), schema=Schema.from_descriptor(schema)).validate(
                limit_errors=LIMIT_ERRORS)
        except Exception as err:  # frictionless cannot read it: nothing to compare
            skipped.append(f"{path.name} (frictionless: {str(err)[:80]})")
            continue
        theirs = frictionless_findings(report)
        case = work / "data" / path.stem
        case.mkdir(parents=True, exist_ok=True)
        (case / "schema.json").write_text(json.dumps(schema))
        ours = conform_findings(conform, ["--schema", str(case / "schema.json"), str(path)], case)
        tally.add("data/", path.name, ours, theirs)
        if (report.valid and path.suffix == ".csv" and described.encoding in ("utf-8", "ascii")
                and described.dialect.to_descriptor() == {} and path.stat().st_size < 50_000):
            bases.append((path, schema))
    print(f"skipped: {', '.join(skipped) if skipped else 'none'}")
    return tally, bases


def mutations(rows, schema):
    """Yield (name, bytes, schema, resource options) single-mutation variants of a table."""
    header, body = rows[0], rows[1:]
    fields = schema["fields"]
    mid = len(body) // 2

    def text(table, **kw):
        out = io.StringIO()
        csv.writer(out, lineterminator=kw.pop("lineterminator", "\n"), **kw).writerows(table)
        return out.getvalue()

    def enc(s, encoding="utf-8"):
        return s.encode(encoding)

    def changed(i, j, value):
        table = [list(r) for r in rows]
        table[i][j] = value
        return table

    yield "base", enc(text(rows)), schema, {}
    typed = [j for j, f in enumerate(fields) if f.get("type", "string") not in ("string", "any") and j < len(header)]
    if typed:
        yield "wrong-type", enc(text(changed(1 + mid, typed[0], "n/a!"))), schema, {}
        yield "wrong-type-last", enc(text(changed(len(rows) - 1, typed[-1], "x"))), schema, {}
    yield "missing-cell", enc(text([r if i != 1 + mid else r[:-1] for i, r in enumerate(rows)])), schema, {}
    yield "extra-cell", enc(text([r if i != 1 + mid else r + ["extra"] for i, r in enumerate(rows)])), schema, {}
    yield "blank-row", enc(text(rows[: 1 + mid] + [[]] + rows[1 + mid:])), schema, {}
    yield "empty-cell", enc(text(changed(1 + mid, 0, ""))), schema, {}
    yield "duplicate-row", enc(text(rows + [rows[1]])), schema, {}
    first = [r[0] for r in body if r]
    if len(set(first)) == len(first) and len(first) > 1:
        keyed = dict(schema, primaryKey=[fields[0]["name"]])
        yield "duplicate-key", enc(text(changed(len(rows) - 1, 0, rows[1][0]))), keyed, {}
        required = dict(schema, fields=[dict(fields[0], constraints={"required": True, "unique": True})] + fields[1:])
        yield "unique-and-required", enc(text(changed(1 + mid, 0, rows[1][0]))), required, {}
    if len(header) > 1:
        yield "shifted-header", enc(text([header[1:] + header[:1]] + body)), schema, {}
        yield "header-missing-label", enc(text([header[1:]] + body)), schema, {}
    yield "header-extra-label", enc(text([header + ["extra"]] + body)), schema, {}
    yield "header-duplicate-label", enc(text([[header[0]] * len(header)] + body)), schema, {}
    yield "header-blank-label", enc(text([[""] + header[1:]] + body)), schema, {}
    accented = [dict(fields[0], name="Année é")] + fields[1:]
    renamed = dict(schema, fields=accented)
    yield "non-ascii-label", enc(text([["Année é"] + header[1:]] + body)), renamed, {}
    yield "non-ascii-label-differs", enc(text([["Annee e"] + header[1:]] + body)), renamed, {}
    yield "non-ascii-label-schema-only", enc(text(rows)), renamed, {}
    latin = text([["Année é"] + header[1:]] + body)
    try:
        legacy = enc(latin, "cp1252")
    except UnicodeEncodeError:  # the table has characters windows-1252 lacks
        legacy = None
    if legacy is not None:
        yield "windows-1252-declared", legacy, renamed, {"encoding": "windows-1252"}
        yield "encoding-mismatch-utf8-as-1252", enc(latin), renamed, {"encoding": "windows-1252"}
        yield "encoding-mismatch-1252-as-utf8", legacy, renamed, {"encoding": "utf-8"}
    yield "bom", b"\xef\xbb\xbf" + enc(text(rows)), schema, {}
    yield "bom-declared", b"\xef\xbb\xbf" + enc(text(rows)), schema, {"encoding": "utf-8"}
    yield "crlf", enc(text(rows, lineterminator="\r\n")), schema, {}
    yield "cr", enc(text(rows, lineterminator="\r")), schema, {}
    yield "crlf-wrong-type", enc(text(changed(1 + mid, typed[0], "n/a!") if typed else rows, lineterminator="\r\n")), schema, {}
    yield "quote-all", enc(text(rows, quoting=csv.QUOTE_ALL)), schema, {}
    strings = [j for j, f in enumerate(fields) if f.get("type", "string") == "string" and j < len(header)]
    if strings:
        j = strings[0]
        yield "quote-inside-unquoted", enc(text(rows).replace(rows[1 + mid][j], rows[1 + mid][j] + 'x"y', 1)), schema, {}
        yield "multiline-quoted", enc(text(changed(1 + mid, j, "line one\nline, two"))), schema, {}
        yield "text-after-closing-quote", enc(text(rows).replace(
            "\n" + ",".join(rows[1 + mid][:j]) + ("," if j else "") + rows[1 + mid][j],
            "\n" + ",".join(rows[1 + mid][:j]) + ("," if j else "") + '"q" ' + rows[1 + mid][j], 1)), schema, {}
        if typed:
            yield "multiline-then-wrong-type", enc(text(changed(1 + mid, j, "a\nb\nc") if j != typed[0] else rows)
                                                   .replace("\n" + ",".join(rows[-1]), "\n" + ",".join(
                                                       changed(len(rows) - 1, typed[0], "bad")[-1]), 1)), schema, {}
    yield "semicolon", enc(text(rows, delimiter=";")), schema, {}
    yield "tab", enc(text(rows, delimiter="\t")), schema, {}


def mutated(conform, bases, work):
    tally = Tally()
    for path, schema in bases:
        with open(path, newline="", encoding="utf-8") as f:
            rows = [r for r in csv.reader(f)]
        if len(rows) < 3 or len(rows[0]) < 2 or any(len(r) != len(rows[0]) for r in rows):
            continue
        for name, data, case_schema, options in mutations(rows, schema):
            case = work / "mutations" / f"{path.stem}-{name}"
            if case.exists():
                shutil.rmtree(case)
            case.mkdir(parents=True)
            (case / "table.csv").write_bytes(data)
            resource = {"name": "table", "path": "table.csv", "profile": "tabular-data-resource",
                        "schema": case_schema, **options}
            (case / "datapackage.json").write_text(json.dumps({"name": "case", "resources": [resource]}))
            try:
                report = Package("datapackage.json", basepath=str(case)).validate(limit_errors=LIMIT_ERRORS)
                theirs = frictionless_findings(report)
            except Exception as err:  # a frictionless bug: no oracle for this case
                tally.no_oracle.append(f"{case.name} ({type(err).__name__}: {str(err)[:80]})")
                continue
            ours = conform_findings(conform, ["datapackage.json"], case)
            tally.add("mutation", case.name, ours, theirs)
    return tally


def main():
    conform, data, work = (str(pathlib.Path(sys.argv[1]).resolve()), pathlib.Path(sys.argv[2]).resolve(),
                           pathlib.Path(sys.argv[3]).resolve())
    assert frictionless.__version__ == "5.21.0", frictionless.__version__
    first, bases = data_folder(conform, data, work)
    share = first.summary("frictionless-py data/")
    second = mutated(conform, bases, work)
    second.summary(f"single mutations of {len(bases)} valid data/ tables")
    both = first.both + second.both
    either = first.either + second.either
    print(f"overall: {both} of {either} findings agree ({100.0 * both / either:.1f} %)")
    return share


if __name__ == "__main__":
    main()
