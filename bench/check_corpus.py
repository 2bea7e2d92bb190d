#!/usr/bin/env python3
"""Checks a generated corpus against its labels without the generator's own code paths.

Why: the labels are the yardstick for mamori's accuracy, so they are checked by a second,
independent route: every file must decode strictly in its labelled encoding (and carry a
BOM exactly when the label says so); every CSV/TSV is re-parsed with the csv module and
its data rows, records and distinct people (by pension number or My Number, found with
regular expressions) must equal the label. Also writes fake scan results for testing
accuracy.py before the scanner exists (--fake-results, optionally perturbed).

Usage:
  python3 bench/check_corpus.py --dir DIR --labels L.jsonl
  python3 bench/check_corpus.py --labels L.jsonl --fake-results R.jsonl --prefix share [--perturb 0.05]
"""
from __future__ import annotations

import argparse
import base64
import copy
import csv
import io
import json
import os
import random
import re
import sys
import unicodedata
from pathlib import Path
from typing import Sequence

CODECS = {"utf-8": "utf-8", "utf-8-bom": "utf-8", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
          "shift_jis": "cp932", "euc-jp": "euc_jp", "iso-2022-jp": "iso2022_jp"}
BOMS = {"utf-8-bom": b"\xef\xbb\xbf", "utf-16le": b"\xff\xfe", "utf-16be": b"\xfe\xff"}
PENSION = re.compile(r"^([1-9]\d{3})-?(\d{6})$")
MY_NUMBER = re.compile(r"^\d{12}$")
PENSION_HEADERS = ("基礎年金番号", "年金番号", "基年番号")
MY_NUMBER_HEADERS = ("個人番号", "マイナンバー")


def file_bytes(root: Path, label: dict) -> bytes:
    rel = base64.b64decode(label["path_b64"]) if "path_b64" in label else label["path"].encode()
    with open(os.path.join(os.fsencode(root), rel), "rb") as f:
        return f.read()


def decode(data: bytes, label: dict) -> str:
    """Strict decode in the labelled encoding; raises on any mismatch."""
    enc = label["encoding"]
    if not enc:
        assert data == b"", "unlabelled encoding on a non-empty file"
        return ""
    bom = BOMS.get(enc)
    has_bom = bom is not None and data.startswith(bom)
    assert has_bom == bool(label["bom"]), f"BOM present={has_bom}, label bom={label['bom']}"
    if has_bom:
        data = data[len(bom):]
    if enc == "iso-2022-jp":
        assert all(b < 0x80 for b in data), "ISO-2022-JP must be 7-bit"
    if enc in ("shift_jis", "euc-jp"):
        data.decode("utf-8", errors="ignore")  # must not also be plain UTF-8 Japanese
        try:
            data.decode("utf-8")
            assert all(b < 0x80 for b in data), "legacy-encoded file is also valid UTF-8"
        except UnicodeDecodeError:
            pass
    return data.decode(CODECS[enc], errors="strict")


def check_table(text: str, label: dict) -> list[str]:
    """Re-derives rows, records and people of a CSV/TSV from its cells."""
    delimiter = "\t" if label["format"] == "tsv" else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        return [] if label["rows"] == 0 else ["no rows"]
    header = rows[0]
    norm_header = [unicodedata.normalize("NFKC", h) for h in header]
    headed = any(h in PENSION_HEADERS + MY_NUMBER_HEADERS or h in ("会社名", "注文番号", "請求番号",
                 "商品コード", "事務所名", "法人番号", "管理番号", "受付番号", "郵便番号") for h in norm_header)
    data = rows[1:] if headed else rows
    problems = []
    if len(data) != label["rows"]:
        problems.append(f"rows {len(data)} != label {label['rows']}")
    id_cols = [i for i, h in enumerate(norm_header) if headed and h in PENSION_HEADERS + MY_NUMBER_HEADERS]
    if not headed:  # headerless personal extract: the hyphenated pension number column
        id_cols = [i for i, c in enumerate(header)
                   if re.fullmatch(r"[1-9]\d{3}-\d{6}", unicodedata.normalize("NFKC", c))]
    people = set()
    records = 0
    for row in data:
        ids = [unicodedata.normalize("NFKC", row[i]).replace("-", "") for i in id_cols if i < len(row)]
        ids = [x for x in ids if PENSION.match(x) or MY_NUMBER.match(x)]
        if ids:
            records += 1
            people.add(ids[0])
    if label["personal"] and (records, len(people)) != (label["records"], label["people"]):
        problems.append(f"records/people {records}/{len(people)} != label {label['records']}/{label['people']}")
    if not label["personal"] and records:
        problems.append(f"decoy has {records} identifier rows")
    return problems


def check(root: Path, labels: list[dict]) -> int:
    failures = 0
    tallies: dict[str, int] = {}
    for label in labels:
        try:
            text = decode(file_bytes(root, label), label)
            problems = check_table(text, label) if label["format"] in ("csv", "tsv") else []
        except (AssertionError, UnicodeDecodeError, OSError) as e:
            problems = [f"{type(e).__name__}: {e}"]
        key = label["encoding"] + ("" if label["bom"] or not label["encoding"].startswith("utf-16") else "-nobom")
        tallies[key or "(empty)"] = tallies.get(key or "(empty)", 0) + 1
        for p in problems:
            failures += 1
            print(f"FAIL {label['path']}: {p}")
    on_disk = sum(len(files) for _, _, files in os.walk(os.fsencode(root)))
    if on_disk != len(labels):
        failures += 1
        print(f"FAIL {on_disk} files on disk, {len(labels)} labels")
    print(f"checked {len(labels)} files; by encoding: " +
          ", ".join(f"{k} {v}" for k, v in sorted(tallies.items())))
    print("OK" if not failures else f"{failures} problems")
    return 1 if failures else 0


def fake_results(labels: list[dict], prefix: str, perturb: float, seed: int) -> list[dict]:
    """Scanner-shaped results from labels; a share `perturb` of files is damaged."""
    rng = random.Random(seed)
    out = []
    for label in labels:
        if perturb and rng.random() < perturb / 4:
            continue  # a file the scanner missed
        r = {"path": f"{prefix}/{label['path']}", "format": label["format"], "encoding": label["encoding"],
             "size": label["size"], "mtime": "2015-05-21T00:00:00Z", "outcome": "complete",
             "records": label["records"], "records_read": label["rows"], "people": label["people"],
             "items": copy.deepcopy(label["items"]), "categories": copy.deepcopy(label["categories"]),
             "samples": [], "errors": []}
        if "path_b64" in label:
            r["path_b64"] = base64.b64encode(prefix.encode() + b"/" + base64.b64decode(label["path_b64"])).decode()
        if perturb and rng.random() < perturb:
            r["records"] = 0 if label["records"] else 3          # flips personal
            r["people"] = max(0, label["people"] - 1)
            r["items"]["birth_date"] += 1
        out.append(r)
    out.append({"path": f"{prefix}/unlabelled.csv", "records": 0, "items": {}, "categories": {}})
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, help="generated share to check")
    ap.add_argument("--labels", required=True, type=Path)
    ap.add_argument("--fake-results", type=Path, help="write scanner-shaped results here")
    ap.add_argument("--prefix", default="share", help="scan root as it would appear in result paths")
    ap.add_argument("--perturb", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    labels = [json.loads(l) for l in open(args.labels, encoding="utf-8") if l.strip()]
    if args.fake_results:
        with open(args.fake_results, "w", encoding="utf-8") as f:
            for r in fake_results(labels, args.prefix, args.perturb, args.seed):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if args.dir:
        return check(args.dir, labels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
