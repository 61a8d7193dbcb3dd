#!/usr/bin/env python3
"""Generate person records (NDJSON or a JSON array) with a given share of invalid ones.

Usage: gen_people.py --records N --invalid 0.02 --format ndjson|json --out FILE
Deterministic: the same arguments give the same bytes.
"""
import argparse
import json
import random


def mod11_2(body: str) -> str:
    r = 0
    for ch in body:
        r = ((r + int(ch)) * 2) % 11
    c = (12 - r) % 11
    return body + ("X" if c == 10 else str(c))


GIVEN = ["Wei", "Li", "Min", "Jun", "Fang", "Xiu", "Lei", "Ying", "Hao", "Jing"]
FAMILY = ["Zhang", "Wang", "Chen", "Liu", "Zhao", "Sun", "Zhou", "Wu", "Xu", "Hu"]
BROKEN = [
    lambda r: r.update(birthDate="1990-13-01"),
    lambda r: r.update(sex="F"),
    lambda r: r.pop("familyName"),
    lambda r: r.update(phone="+86 10 1234 5678"),
    lambda r: r.update(id=r["id"][:-1] + ("0" if r["id"][-1] != "0" else "1")),
]


def record(rng: random.Random, invalid: float) -> dict:
    body = f"{rng.randint(110000, 659999)}{rng.randint(1940, 2010)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    r = {
        "id": mod11_2(body),
        "givenName": rng.choice(GIVEN),
        "familyName": rng.choice(FAMILY),
        "birthDate": f"{body[6:10]}-{body[10:12]}-{body[12:14]}",
        "sex": rng.choice("129"),
        "nationality": "CN",
        "email": f"user{rng.randint(0, 10**9)}@example.org",
    }
    if rng.random() < invalid:
        rng.choice(BROKEN)(r)
    return r


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--invalid", type=float, default=0.02)
    parser.add_argument("--format", choices=["ndjson", "json"], default="ndjson")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(2026)
    with open(args.out, "w", encoding="utf-8") as out:
        if args.format == "json":
            out.write("[\n")
        for i in range(args.records):
            line = json.dumps(record(rng, args.invalid))
            if args.format == "json":
                out.write(("," if i else "") + line + "\n")
            else:
                out.write(line + "\n")
        if args.format == "json":
            out.write("]\n")


if __name__ == "__main__":
    main()
