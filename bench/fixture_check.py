#!/usr/bin/env python3
"""Scores `mamori scan --format jsonl --all` output against the real-tool fixtures' labels
(scripts/make-fixtures.sh OUTDIR writes OUTDIR/labels.jsonl; testdata/README.md).

Prints one line per labelled fixture (format, protection, content readable, personal,
records/people/categories: expected vs got), then a summary: protection correct on N/N
fixtures (the issue's target: all), file-level personal precision/recall over readable
fixtures, exact counts for tabular fixtures and for text documents, hostile files, and a
per-format table. Exits 1 when protection is wrong anywhere or any graded field is wrong,
unless --no-fail; exits 2 on bad input.

What is graded (testdata/README.md, "How the checker grades"):
  every fixture       protection (hostile ones too)
  encrypted content   (content_readable false) format and content_readable only: what is
                      behind the password is unknown to a scanner, so `personal`, `hidden`
                      and the counts are not compared
  readable fixtures   format, content_readable, personal (precision/recall) and exact
                      records, people and categories
  hostile/ fixtures   protection and the hostile rule only: the file's line is not
                      `complete` and has an error, or it is `complete` and the fixture with
                      all its members gives at most --hostile-max-lines result lines

Usage:
  python3 bench/fixture_check.py --labels OUTDIR/labels.jsonl --results R.jsonl
                                 [--root PREFIX] [--no-fail] [--hostile-max-lines N]
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

CATEGORIES = ("4", "3", "2")
# Formats whose records are rows of a table (sheets, CSV, Access tables, Word/PowerPoint
# tables); the rest (odt, pdf, eml, text) are text documents read line by line.
TABULAR = ("xlsx", "xls", "ods", "csv", "tsv", "mdb", "accdb", "docx", "doc", "pptx")
# Result lines the scan writes about the fixture folder itself, not about a fixture.
NOT_FIXTURES = ("labels.jsonl", ".mamori-fixtures")
COMPRESSION_SUFFIX = {"gzip": "gz", "bzip2": "bz2", "xz": "xz"}
# A hostile file of a few KB must not become thousands of report lines (a 42.zip-style
# bomb fans out 16x per level); 100 leaves room for the file, one level of members and
# their errors.
HOSTILE_MAX_LINES = 100


def load_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise SystemExit(f"{path}:{n}: not JSON: {e}")
    return rows


def raw_path(entry: dict) -> bytes:
    """The path's bytes: path_b64 when the name is not UTF-8, else the UTF-8 path."""
    if entry.get("path_b64"):
        return base64.b64decode(entry["path_b64"])
    return str(entry.get("path", "")).encode("utf-8")


def strip_root(path: bytes, roots: list[bytes]) -> bytes | None:
    for root in roots:
        if path.startswith(root):
            return path[len(root):]
    return None


def root_prefixes(root: str) -> list[bytes]:
    """The scanned path as the scan may have written it: as given, absolute, resolved."""
    out = []
    for r in (root, os.path.abspath(root), os.path.realpath(root)):
        r = r.rstrip("/") + "/" if r not in ("", ".") else ""
        for variant in (r, "./" + r if r and not r.startswith(("/", "./")) else None):
            if variant is not None and variant.encode() not in out:
                out.append(variant.encode())
    return sorted(out, key=len, reverse=True)


def expected_format(label: dict) -> str:
    """The format the scanner should name: a .tar.gz is labelled tar + compression gzip."""
    fmt = label["format"]
    if label.get("compression"):
        fmt += "." + COMPRESSION_SUFFIX.get(label["compression"], label["compression"])
    return fmt


def categories_of(entry: dict | None) -> dict[str, int]:
    cats = (entry or {}).get("categories") or {}
    return {k: int(cats.get(k) or 0) for k in CATEGORIES}


def show_categories(cats: dict[str, int] | None) -> str:
    if cats is None:
        return "-"
    text = " ".join(f"{k}x{v}" for k, v in cats.items() if v)
    return text or "0"


def display_width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def yes_no(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


@dataclass
class Confusion:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, truth: bool, predicted: bool) -> None:
        if truth and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif truth:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Tally:
    """ok/total of one graded field."""
    ok: int = 0
    total: int = 0

    def add(self, good: bool) -> None:
        self.total += 1
        self.ok += bool(good)

    def __str__(self) -> str:
        return f"{self.ok}/{self.total}"


@dataclass
class Verdict:
    """One fixture: what was compared and what was wrong."""
    label: dict
    result: dict | None
    kind: str  # readable | encrypted | hostile
    wrong: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    verdicts: list[Verdict] = field(default_factory=list)
    protection: Tally = field(default_factory=Tally)
    readable_flag: Tally = field(default_factory=Tally)
    format: Tally = field(default_factory=Tally)
    personal: Confusion = field(default_factory=Confusion)
    exact_tabular: dict[str, Tally] = field(
        default_factory=lambda: {k: Tally() for k in ("records", "people", "categories")})
    exact_text: dict[str, Tally] = field(
        default_factory=lambda: {k: Tally() for k in ("records", "people", "categories")})
    hostile: Tally = field(default_factory=Tally)
    by_format: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(
        lambda: {k: Tally() for k in ("fixtures", "protection", "format", "readable", "personal",
                                      "counts", "hostile")}))
    missing: list[str] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)


def grade(labels: list[dict], results: list[dict], roots: list[bytes], hostile_max: int) -> Report:
    report = Report()
    by_path: dict[bytes, dict] = {}
    for result in results:
        rel = strip_root(raw_path(result), roots)
        if rel is None:
            report.unlabelled.append(raw_path(result).decode("utf-8", "replace") + " (outside --root)")
            continue
        by_path[rel] = result
    label_paths = {raw_path(l) for l in labels}
    hostile_paths = [raw_path(l) for l in labels if l.get("hostile")]
    for rel in by_path:
        if rel in label_paths or rel.decode("utf-8", "replace") in NOT_FIXTURES:
            continue
        # Members of a hostile file are not labelled (a bomb's copies); they count towards
        # its line budget instead.
        if any(rel.startswith(h + b"!/") for h in hostile_paths):
            continue
        report.unlabelled.append(rel.decode("utf-8", "replace"))

    for label in labels:
        path = raw_path(label)
        result = by_path.get(path)
        fmt = label["format"]
        row = report.by_format[fmt]
        row["fixtures"].add(True)
        if label.get("hostile"):
            kind = "hostile"
        elif not label["content_readable"]:
            kind = "encrypted"
        else:
            kind = "readable"
        v = Verdict(label, result, kind)
        report.verdicts.append(v)
        if result is None:
            report.missing.append(label["path"])
            v.wrong.append("missing from results")

        got_protection = (result or {}).get("protection")
        good = got_protection == label["protection"]
        report.protection.add(good)
        row["protection"].add(good)
        if not good and result is not None:
            v.wrong.append("protection")

        if kind == "hostile":
            lines = [r for p, r in by_path.items() if p == path or p.startswith(path + b"!/")]
            outcome = (result or {}).get("outcome")
            errors = (result or {}).get("errors") or []
            if result is None:
                good = False
            elif outcome != "complete":
                good = bool(errors)
                v.note = f"{outcome}" + (f" ({errors[0][:70]})" if errors else ", no error")
            else:
                good = len(lines) <= hostile_max
                v.note = f"complete, {len(lines)} result lines (bound {hostile_max})"
            report.hostile.add(good)
            row["hostile"].add(good)
            if not good and result is not None:
                v.wrong.append("hostile: " + v.note)
            continue

        got_format = (result or {}).get("format")
        good = got_format == expected_format(label)
        report.format.add(good)
        row["format"].add(good)
        if not good and result is not None:
            v.wrong.append("format")

        got_readable = (result or {}).get("content_readable", True) if result else None
        good = got_readable == label["content_readable"]
        report.readable_flag.add(good)
        row["readable"].add(good)
        if not good and result is not None:
            v.wrong.append("content_readable")

        if kind == "encrypted":
            continue  # what is behind the password is unknown to a scanner

        truth, got = bool(label["personal"]), int((result or {}).get("records") or 0) > 0
        report.personal.add(truth, got)
        row["personal"].add(truth == got)
        if truth != got and result is not None:
            v.wrong.append("personal")

        exact = report.exact_tabular if fmt in TABULAR else report.exact_text
        all_good = True
        for name, want, have in (
                ("records", label["records"], (result or {}).get("records")),
                ("people", label["people"], (result or {}).get("people")),
                ("categories", label["categories"], categories_of(result) if result else None)):
            good = want == have
            exact[name].add(good)
            all_good &= good
            if not good and result is not None:
                v.wrong.append(name)
        row["counts"].add(all_good)
    return report


def print_report(report: Report, out=sys.stdout) -> None:
    print("== fixtures (expected/got; '-' = not graded for this kind)", file=out)
    width = min(72, max(display_width(v.label["path"]) for v in report.verdicts))
    for v in report.verdicts:
        label, result = v.label, v.result or {}
        mark = "ok  " if not v.wrong else "FAIL"
        path = label["path"]
        while display_width(path) > width:
            path = "…" + path[2:]
        got_readable = result.get("content_readable", True) if v.result else None
        parts = [f"fmt {expected_format(label)}/{result.get('format', '?') if v.result else '?'}",
                 f"prot {label['protection']}/{result.get('protection', '?')}",
                 f"read {yes_no(label['content_readable'])}/{yes_no(got_readable)}"]
        if v.kind == "readable":
            parts += [f"pers {yes_no(label['personal'])}/{yes_no(int(result.get('records') or 0) > 0)}",
                      f"rec {label['records']}/{result.get('records', '?')}",
                      f"ppl {label['people']}/{result.get('people', '?')}",
                      f"cat {show_categories(label['categories'])}/"
                      f"{show_categories(categories_of(result) if v.result else None)}"]
        elif v.kind == "encrypted":
            parts.append("content unknown (not graded)")
        else:
            parts.append(f"hostile {label['hostile']}: {v.note} (graded: protection, hostile rule)")
        print(f"{mark} {pad(path, width)}  " + "  ".join(parts), file=out)
        if v.wrong:
            print(f"{'':5}{'':{width}}  wrong: {', '.join(v.wrong)}", file=out)

    print("\n== summary", file=out)
    p = report.protection
    print(f"   protection correct on {p.ok}/{p.total} fixtures", file=out)
    print(f"   format correct on {report.format} non-hostile fixtures", file=out)
    print(f"   content_readable correct on {report.readable_flag} non-hostile fixtures", file=out)
    c = report.personal
    print(f"   personal (file level, {c.tp + c.fp + c.fn + c.tn} readable fixtures): precision "
          f"{c.precision:.4f} recall {c.recall:.4f}  (TP {c.tp} FP {c.fp} FN {c.fn} TN {c.tn})", file=out)
    for title, exact in (("tabular fixtures", report.exact_tabular), ("text documents", report.exact_text)):
        print(f"   exact counts, {title}: " +
              "  ".join(f"{name} {tally}" for name, tally in exact.items()), file=out)
    print(f"   hostile files handled (error, or complete with <= bound lines): {report.hostile}", file=out)
    print(f"   missing from results: {len(report.missing)}   unlabelled results: {len(report.unlabelled)}",
          file=out)
    for path in report.unlabelled[:10]:
        print(f"     unlabelled: {path}", file=out)

    print("\n== per format (correct/graded)", file=out)
    cols = ("fixtures", "protection", "format", "readable", "personal", "counts", "hostile")
    print(f"   {'format':8}" + "".join(f"{c:>11}" for c in cols), file=out)
    for fmt in sorted(report.by_format):
        row = report.by_format[fmt]
        cells = [str(row["fixtures"].total)] + [str(row[c]) if row[c].total else "-" for c in cols[1:]]
        print(f"   {fmt:8}" + "".join(f"{x:>11}" for x in cells), file=out)


def failures(report: Report) -> list[str]:
    reasons = []
    if report.protection.ok != report.protection.total:
        reasons.append(f"protection wrong on {report.protection.total - report.protection.ok} fixtures")
    wrong = [v for v in report.verdicts if v.wrong and any(not w.startswith("protection") for w in v.wrong)]
    if wrong:
        reasons.append(f"{len(wrong)} fixtures with another graded field wrong")
    return reasons


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--labels", required=True, type=Path, help="OUTDIR/labels.jsonl")
    ap.add_argument("--results", required=True, type=Path, help="mamori scan --format jsonl --all output")
    ap.add_argument("--root", help="the path the scan was given (stripped from result paths; "
                                   "default: the labels' directory)")
    ap.add_argument("--no-fail", action="store_true", help="print only; exit 0 whatever the score")
    ap.add_argument("--hostile-max-lines", type=int, default=HOSTILE_MAX_LINES,
                    help="result lines a hostile file completed without error may give (default %(default)s)")
    args = ap.parse_args(argv)

    labels = load_jsonl(args.labels)
    results = [r for r in load_jsonl(args.results) if "path" in r or "path_b64" in r]
    if not labels:
        print(f"{args.labels}: no labels", file=sys.stderr)
        return 2
    if not results:
        print(f"{args.results}: no results", file=sys.stderr)
        return 2
    root = args.root if args.root is not None else str(args.labels.parent)
    report = grade(labels, results, root_prefixes(root), args.hostile_max_lines)
    print_report(report)
    reasons = failures(report)
    print("\n== verdict: " + ("PASS" if not reasons else "FAIL: " + "; ".join(reasons)))
    return 0 if args.no_fail or not reasons else 1


if __name__ == "__main__":
    sys.exit(main())
