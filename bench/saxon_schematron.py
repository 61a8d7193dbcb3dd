#!/usr/bin/env python3
"""Runs a compiled Schematron XSLT with SaxonC-HE (PyPI `saxonche`) over XML files, in one
process with the stylesheet compiled once, and prints one JSON line per file:
{"file": ..., "asserts": [[id, flag, location], ...]} (failed asserts and successful reports).

Usage: saxon_schematron.py STYLESHEET.xslt FILE...   (--quiet: print only a count)
"""
import json
import sys
import xml.etree.ElementTree as ET

from saxonche import PySaxonProcessor

SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--quiet"]
    quiet = "--quiet" in sys.argv
    stylesheet, files = args[0], args[1:]
    with PySaxonProcessor(license=False) as proc:
        xslt = proc.new_xslt30_processor()
        executable = xslt.compile_stylesheet(stylesheet_file=stylesheet)
        total = 0
        for path in files:
            try:
                # Parsed from its text: Saxon refuses some file names as URIs (`,` and spaces).
                with open(path, encoding="utf-8") as handle:
                    node = proc.parse_xml(xml_text=handle.read())
                svrl = executable.transform_to_string(xdm_node=node)
            except Exception as err:  # noqa: BLE001 - an input Saxon cannot run is reported, not hidden
                print(json.dumps({"file": path, "error": str(err)}))
                continue
            root = ET.fromstring(svrl.encode("utf-8"))
            asserts = [
                [e.get("id"), e.get("flag"), e.get("location")]
                for e in root.iter()
                if e.tag in (SVRL + "failed-assert", SVRL + "successful-report")
            ]
            total += len(asserts)
            if not quiet:
                print(json.dumps({"file": path, "asserts": asserts}))
        if quiet:
            print(json.dumps({"files": len(files), "asserts": total}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
