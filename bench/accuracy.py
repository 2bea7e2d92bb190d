#!/usr/bin/env python3
"""Scores `mamori scan --format jsonl --all` output against gen_corpus.py labels.

Prints file-level precision/recall/F1 (positive = the file holds personal data), per-item
precision/recall at file level and record-level sums, exact agreement of records, people
and categories on CSV/TSV files (the issue's target: all exact), and a per-encoding
breakdown. Exits 1 when file-level precision or recall is below --min (0.99) or a CSV/TSV
count is not exact, unless --no-fail; exits 2 on bad input.

Usage:
  python3 bench/accuracy.py --labels L.jsonl --results R.jsonl [--no-fail] [--show N]
"""
from __future__ import annotations

import argparse
import base64
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

ITEMS = ("pension_number", "my_number", "corporate_number", "name", "birth_date", "address",
         "phone", "email")
CATEGORIES = ("4", "3", "2")
TABULAR = ("csv", "tsv")

# Names the scanner may give an encoding that mean the same as the label's.
ENCODING_ALIASES = {
    "cp932": "shift_jis", "windows-31j": "shift_jis", "sjis": "shift_jis", "ms932": "shift_jis",
    "ascii": "utf-8", "us-ascii": "utf-8", "utf8": "utf-8", "eucjp": "euc-jp", "euc_jp": "euc-jp",
    "iso2022jp": "iso-2022-jp", "utf-16": "utf-16le",
}


def canonical_encoding(name: str) -> str:
    name = (name or "").lower()
    return ENCODING_ALIASES.get(name, name)


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


def match_results(labels: list[dict], results: list[dict]) -> tuple[dict[int, dict], list[dict]]:
    """Maps label index -> result by relative-path suffix (results carry the scan root).

    A result matches a label when its path bytes end with "/" + the label's relative path
    (or equal it). Container members ("a.zip!/x.csv", later issues) never match a file
    label and are reported as extra.
    """
    by_suffix: dict[bytes, int] = {}
    for i, label in enumerate(labels):
        by_suffix[raw_path(label)] = i
    matched: dict[int, dict] = {}
    extra: list[dict] = []
    for result in results:
        path = raw_path(result)
        parts = path.split(b"/")
        hit = None
        for start in range(len(parts)):
            candidate = b"/".join(parts[start:])
            if candidate in by_suffix:
                hit = by_suffix[candidate]
                break
        if hit is None or hit in matched:
            extra.append(result)
        else:
            matched[hit] = result
    return matched, extra


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

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Mismatch:
    path: str
    field: str
    expected: object
    got: object


@dataclass
class Report:
    files: Confusion = field(default_factory=Confusion)
    items: dict[str, Confusion] = field(default_factory=lambda: {k: Confusion() for k in ITEMS})
    item_sums: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in ITEMS})
    by_encoding: dict[str, Confusion] = field(default_factory=lambda: defaultdict(Confusion))
    encoding_agree: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_kind: dict[str, Confusion] = field(default_factory=lambda: defaultdict(Confusion))
    exact: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in
                                                                 ("records", "people", "categories", "rows")})
    # Text files: [label sum, result sum, files exact, files over, files under] per count.
    text_counts: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0, 0, 0] for k in
                                                                       ("records", "people")})
    text_over: list[Mismatch] = field(default_factory=list)  # more records than labelled
    mismatches: list[Mismatch] = field(default_factory=list)
    file_errors: list[Mismatch] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def encoding_key(label: dict) -> str:
    enc = label.get("encoding") or "(empty)"
    if enc.startswith("utf-16") and not label.get("bom"):
        enc += "-nobom"
    return enc


def personal(entry: dict | None) -> bool:
    return bool(entry) and int(entry.get("records") or 0) > 0


def score(labels: list[dict], results: list[dict]) -> Report:
    report = Report()
    matched, extra = match_results(labels, results)
    report.extra = [r.get("path", "?") for r in extra]
    for i, label in enumerate(labels):
        result = matched.get(i)
        if result is None:
            report.missing.append(label["path"])
        truth, got = bool(label["personal"]), personal(result)
        report.files.add(truth, got)
        report.by_encoding[encoding_key(label)].add(truth, got)
        report.by_kind[label["kind"]].add(truth, got)
        items = (result or {}).get("items") or {}
        for item in ITEMS:
            want, have = int(label["items"].get(item, 0)), int(items.get(item) or 0)
            report.items[item].add(want > 0, have > 0)
            report.item_sums[item][0] += want
            report.item_sums[item][1] += have
        if result is not None and label.get("encoding"):
            agree = report.encoding_agree[encoding_key(label)]
            agree[1] += 1
            agree[0] += canonical_encoding(result.get("encoding", "")) == label["encoding"]
        if truth != got:
            report.file_errors.append(Mismatch(label["path"], "personal", label["records"],
                                               (result or {}).get("records", "missing")))
        if label["format"] in TABULAR:
            check_counts(report, label, result)
        elif label["format"] == "text" and result is not None:
            count_text(report, label, result)
    return report


def count_text(report: Report, label: dict, result: dict) -> None:
    """Records and people of one text file, against the label (no exact target: a name in text
    is found through the dictionary, and a line is a record only beside another item)."""
    for name in ("records", "people"):
        want, have = int(label[name]), int(result.get(name) or 0)
        sums = report.text_counts[name]
        sums[0] += want
        sums[1] += have
        sums[2 if want == have else 3 if have > want else 4] += 1
        if name == "records" and have > want:
            report.text_over.append(Mismatch(label["path"], name, want, have))


def check_counts(report: Report, label: dict, result: dict | None) -> None:
    """Exact agreement of the numbers the 2015 report used, for one CSV/TSV file."""
    result = result or {}
    got_categories = {k: int((result.get("categories") or {}).get(k) or 0) for k in CATEGORIES}
    checks = {
        "records": (label["records"], result.get("records")),
        "people": (label["people"], result.get("people")),
        "categories": (label["categories"], got_categories if result else None),
        "rows": (label["rows"], result.get("records_read")),
    }
    for name, (want, have) in checks.items():
        if name == "rows" and have is None:
            continue  # records_read is optional in the output
        report.exact[name][1] += 1
        if want == have:
            report.exact[name][0] += 1
        elif name != "rows":
            report.mismatches.append(Mismatch(label["path"], name, want, have))


def pct(x: float) -> str:
    return f"{x:.4f}"


def print_report(report: Report, show: int, out=sys.stdout) -> None:
    f = report.files
    print("== file level (positive = holds personal data)", file=out)
    print(f"   files {f.tp + f.fp + f.fn + f.tn}: TP {f.tp}  FP {f.fp}  FN {f.fn}  TN {f.tn}", file=out)
    print(f"   precision {pct(f.precision)}  recall {pct(f.recall)}  F1 {pct(f.f1)}", file=out)
    print(f"   missing from results: {len(report.missing)}   extra in results: {len(report.extra)}", file=out)
    for m in report.file_errors[:show]:
        kind = "FN" if m.expected else "FP"
        print(f"   {kind}: {m.path} (label records {m.expected}, got {m.got})", file=out)

    print("\n== items: file level (file has the item) and record-level sums", file=out)
    print(f"   {'item':17} {'precision':>9} {'recall':>7} {'TP':>5} {'FP':>4} {'FN':>4}"
          f" {'label recs':>11} {'result recs':>11}", file=out)
    for item in ITEMS:
        c = report.items[item]
        want, have = report.item_sums[item]
        print(f"   {item:17} {pct(c.precision):>9} {pct(c.recall):>7} {c.tp:>5} {c.fp:>4} {c.fn:>4}"
              f" {want:>11} {have:>11}", file=out)

    print("\n== CSV/TSV exact counts (files exactly right / files)", file=out)
    for name, (ok, total) in report.exact.items():
        if total:
            print(f"   {name:10} {ok}/{total}", file=out)
    for m in report.mismatches[:show]:
        print(f"   MISMATCH {m.field}: {m.path}: expected {m.expected}, got {m.got}", file=out)
    if len(report.mismatches) > show:
        print(f"   ... {len(report.mismatches) - show} more (--show N)", file=out)

    print("\n== text files: records and people (label sum, result sum, files exact / over / under)",
          file=out)
    for name, (want, have, exact, over, under) in report.text_counts.items():
        if exact + over + under:
            share = have / want if want else 1.0
            print(f"   {name:10} {want:>8} {have:>8} ({share:.4f})  exact {exact}  over {over}"
                  f"  under {under}", file=out)
    for m in report.text_over[:show]:
        print(f"   OVER: {m.path}: {m.expected} records labelled, {m.got} found", file=out)

    print("\n== by encoding (label)", file=out)
    print(f"   {'encoding':20} {'files':>5} {'P':>7} {'R':>7} {'enc. agrees':>12}", file=out)
    for enc in sorted(report.by_encoding):
        c = report.by_encoding[enc]
        ok, total = report.encoding_agree.get(enc, [0, 0])
        print(f"   {enc:20} {c.tp + c.fp + c.fn + c.tn:>5} {pct(c.precision):>7} {pct(c.recall):>7}"
              f" {f'{ok}/{total}':>12}", file=out)

    print("\n== by kind", file=out)
    print(f"   {'kind':20} {'files':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4}", file=out)
    for kind in sorted(report.by_kind):
        c = report.by_kind[kind]
        print(f"   {kind:20} {c.tp + c.fp + c.fn + c.tn:>5} {c.tp:>4} {c.fp:>4} {c.fn:>4} {c.tn:>4}", file=out)
    for path in report.missing[:show]:
        print(f"   missing: {path}", file=out)
    for path in report.extra[:show]:
        print(f"   extra: {path}", file=out)


def passed(report: Report, minimum: float) -> list[str]:
    """The targets of issue 3; returns the reasons for failing (empty = pass)."""
    reasons = []
    if report.files.precision < minimum:
        reasons.append(f"file-level precision {report.files.precision:.4f} < {minimum}")
    if report.files.recall < minimum:
        reasons.append(f"file-level recall {report.files.recall:.4f} < {minimum}")
    for name in ("records", "people", "categories"):
        ok, total = report.exact[name]
        if ok != total:
            reasons.append(f"CSV/TSV {name} exact on {ok}/{total} files")
    return reasons


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--labels", required=True, type=Path)
    ap.add_argument("--results", required=True, type=Path, help="mamori scan --format jsonl --all output")
    ap.add_argument("--no-fail", action="store_true", help="print only; exit 0 whatever the score")
    ap.add_argument("--min", type=float, default=0.99, help="required file-level precision and recall")
    ap.add_argument("--show", type=int, default=20, help="mismatches to list")
    args = ap.parse_args(argv)

    labels = load_jsonl(args.labels)
    results = [r for r in load_jsonl(args.results) if "path" in r or "path_b64" in r]
    if not labels:
        print(f"{args.labels}: no labels", file=sys.stderr)
        return 2
    report = score(labels, results)
    print_report(report, args.show)
    reasons = passed(report, args.min)
    print("\n== verdict: " + ("PASS" if not reasons else "FAIL: " + "; ".join(reasons)))
    return 0 if args.no_fail or not reasons else 1


if __name__ == "__main__":
    sys.exit(main())
