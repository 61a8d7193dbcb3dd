#!/usr/bin/env python3
"""Parity of `conform check` with SaxonC-HE on the compiled EN 16931 XSLT.

Runs both on the EN 16931 UBL example invoices of the corpus, the CII examples of the CII
corpus beside it (../cii/examples), conform's own CII fixtures, and
on mutations of each (a mandatory element removed, a wrong code, wrong sums), then compares
per file the multiset of (failed-assert id, flag) pairs. conform selects the standard by
content (no --standard), so scenario selection is tested too.

Usage: schematron-parity.py CONFORM CORPUS [--keep DIR]   (needs `saxonche` importable)
Exit 1 when any file differs.
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

MUTATIONS = {
    "ubl": [
        ("no-issue-date", r"<cbc:IssueDate>[^<]*</cbc:IssueDate>", ""),
        ("no-buyer-name", r"(<cac:AccountingCustomerParty>.*?)<cbc:RegistrationName>[^<]*</cbc:RegistrationName>", r"\1"),
        ("no-seller-country", r"(<cac:AccountingSupplierParty>.*?)<cac:Country>.*?</cac:Country>", r"\1"),
        ("bad-currency", r"<cbc:DocumentCurrencyCode([^>]*)>[^<]*<", r"<cbc:DocumentCurrencyCode\1>EUX<"),
        ("bad-type-code", r"<cbc:(InvoiceTypeCode|CreditNoteTypeCode)([^>]*)>[^<]*<", r"<cbc:\1\2>999<"),
        ("bad-unit-code", r'unitCode="[^"]*"', 'unitCode="XXX"'),
        ("bad-vat-category", r"(<cac:ClassifiedTaxCategory>\s*<cbc:ID[^>]*>)[^<]*<", r"\1Q<"),
        ("wrong-payable", r"(<cbc:PayableAmount[^>]*>)([0-9.]+)<", lambda m: f"{m.group(1)}{float(m.group(2)) + 1:.2f}<"),
        ("wrong-line-total", r"(<cbc:LineExtensionAmount[^>]*>)([0-9.]+)<", lambda m: f"{m.group(1)}{float(m.group(2)) + 10:.2f}<"),
        ("wrong-tax-amount", r"(<cac:TaxTotal>\s*<cbc:TaxAmount[^>]*>)([0-9.]+)<", lambda m: f"{m.group(1)}{float(m.group(2)) + 0.5:.2f}<"),
        ("no-lines", r"<cac:(InvoiceLine|CreditNoteLine)>.*</cac:(InvoiceLine|CreditNoteLine)>", ""),
        ("bad-date", r"<cbc:IssueDate>[^<]*<", "<cbc:IssueDate>2026-13-45<"),
    ],
    "cii": [
        ("no-buyer-name", r"(<ram:BuyerTradeParty>\s*)<ram:Name>[^<]*</ram:Name>", r"\1"),
        ("bad-currency", r"<ram:InvoiceCurrencyCode>[^<]*<", "<ram:InvoiceCurrencyCode>EUX<"),
        ("bad-type-code", r"(<rsm:ExchangedDocument>.*?<ram:TypeCode>)[^<]*<", r"\g<1>999<"),
        ("wrong-payable", r"(<ram:DuePayableAmount>)([0-9.]+)<", lambda m: f"{m.group(1)}{float(m.group(2)) + 1:.2f}<"),
        ("wrong-tax-basis", r"(<ram:BasisAmount>)([0-9.]+)<", lambda m: f"{m.group(1)}{float(m.group(2)) + 10:.2f}<"),
        ("bad-unit-code", r'unitCode="[^"]*"', 'unitCode="XXX"'),
        ("no-lines", r"<ram:IncludedSupplyChainTradeLineItem>.*</ram:IncludedSupplyChainTradeLineItem>", ""),
    ],
}


# Requirements of the standards that are not Schematron rules (Saxon runs only the XSLT).
NOT_SCHEMATRON = {"EN16931-CII-XSD"}


def saxon(stylesheet, files):
    out = subprocess.run(
        [sys.executable, str(HERE / "saxon_schematron.py"), stylesheet, *files],
        check=True, capture_output=True, text=True,
    ).stdout
    result = {}
    for line in out.splitlines():
        entry = json.loads(line)
        if "error" in entry:
            result[entry["file"]] = ("error", entry["error"])
        else:
            result[entry["file"]] = collections.Counter((a[0], a[1]) for a in entry["asserts"])
    return result


def conform(binary, directory):
    run = subprocess.run([binary, "check", directory, "--format", "json", "--no-config"], capture_output=True, text=True)
    report = json.loads(run.stdout)
    result = collections.defaultdict(collections.Counter)
    errors = collections.defaultdict(list)
    for d in report["diagnostics"]:
        if d["rule"] in NOT_SCHEMATRON:
            continue
        if d["message"].startswith("cannot evaluate"):
            errors[d["file"]].append(f'{d["rule"]}: {d["message"][:160]}')
            continue
        flag = {"MUST": "fatal", "SHOULD": "warning"}.get(d["level"], d["level"])
        result[d["file"]][(d["rule"], flag)] += 1
    skipped = {s["file"]: s["reason"] for s in report.get("skipped", [])}
    return result, errors, skipped, report


def main():
    binary, corpus = sys.argv[1], Path(sys.argv[2])
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    work = Path(keep or tempfile.mkdtemp(prefix="schematron-parity-"))
    sources = {
        "ubl": sorted((corpus / "ubl" / "examples").iterdir()),
        "cii": sorted((HERE.parent / "fixtures" / "standards" / "en16931-cii").rglob("*.xml"))
        # The CII examples EN 16931 is about (the Factur-X 1.0 `urn:ferd:` ones are another
        # scenario, which conform skips as KoSIT would).
        + sorted(p for p in (corpus.parent / "cii" / "examples").glob("*.xml") if "urn:cen.eu:en16931:2017" in p.read_text(encoding="utf-8")),
    }
    files = {"ubl": [], "cii": []}
    for syntax, paths in sources.items():
        folder = work / syntax
        folder.mkdir(parents=True, exist_ok=True)
        for path in paths:
            text = path.read_text(encoding="utf-8")
            stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", path.stem)
            if syntax == "cii" and "fixtures" in path.parts:
                stem = f"{path.parent.parent.name}-{path.parent.name}-{stem}"
            variants = [("", text)] + [
                (f"-{name}", re.sub(pattern, repl, text, count=1, flags=re.S))
                for name, pattern, repl in MUTATIONS[syntax]
            ]
            for suffix, variant in variants:
                if suffix and variant == text:
                    continue
                target = folder / f"{stem}{suffix}.xml"
                target.write_text(variant, encoding="utf-8")
                files[syntax].append(str(target))
    expected = {}
    for syntax in ("ubl", "cii"):
        stylesheet = corpus / syntax / "xslt" / f"EN16931-{syntax.upper()}-validation.xslt"
        expected.update(saxon(str(stylesheet), files[syntax]))
    actual, errors, skipped, report = conform(binary, str(work))
    same = differ = 0
    for file in sorted(expected):
        want = expected[file]
        if isinstance(want, tuple):
            print(f"SAXON ERROR {file}: {want[1][:200]}")
            continue
        got = actual.get(file, collections.Counter())
        if file in skipped:
            print(f"DIFFER {file}: conform skipped it: {skipped[file]}")
            differ += 1
        elif got == want and not errors.get(file):
            same += 1
        else:
            differ += 1
            print(f"DIFFER {os.path.relpath(file, work)}")
            print(f"  saxon only:   {sorted((want - got).elements())}")
            print(f"  conform only: {sorted((got - want).elements())}")
            for e in errors.get(file, []):
                print(f"  conform evaluation error: {e}")
    total_asserts = sum(sum(c.values()) for c in expected.values() if not isinstance(c, tuple))
    print(f"parity: {same}/{same + differ} files agree ({total_asserts} failed asserts by Saxon); work dir {work}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
