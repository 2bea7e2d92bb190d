#!/usr/bin/python3
"""Per-format throughput corpus: Excel workbooks, PDF reports and ZIP archives of CSV files
holding the same kind of personal extracts gen_corpus.py writes.

Every sheet, PDF table and CSV file is one of gen_corpus.py's personal table kinds
(pension_csv_4/3/2, pension_csv_2rec, mailing_csv, my_number_csv, reception_csv,
pension_noheader), with rows made by gen_corpus.py's own row generators (imported, not
copied), so each generated file holds personal data. Writers, all independent of mamori:

  xlsx  python3-openpyxl (write_only), 2-4 sheets, 10-50k rows per workbook
  xls   python3-xlwt (BIFF8), 2-4 sheets, 10-50k rows per workbook (<= 65,535 per sheet)
  pdf   python3-reportlab, A4 landscape tables, Flate-compressed pages; even files use the
        non-embedded CID font HeiseiKakuGo-W5 (UniJIS-UCS2-H, read through poppler-data),
        odd files an embedded subset of IPAGothic (fonts-ipafont-gothic) with ToUnicode
  zip   Info-ZIP `zip -q -r` of 3-10 CSV/TSV files written by gen_corpus.generate_file
        (its encodings: Shift_JIS, UTF-8, UTF-8 BOM, EUC-JP, UTF-16)

In a quarter of the workbooks' sheets, Western birth dates (1970/3/2, 1970-03-02) are
stored as Excel date cells (a serial number with a date format), as Excel stores typed
dates. Each file gets a label line (rows and gen_corpus's Truth counts over all its parts).

Deterministic: every file draws from Random(f"{seed}:{format}:{index}"); the number of
files is chosen in waves (70% of the target by an estimate of bytes per row, then the rest
by the measured ratio), which depends only on the seed and the writers' output.

Usage (python3-openpyxl, python3-xlwt and python3-reportlab are Debian packages, so this
runs under /usr/bin/python3):
  /usr/bin/python3 bench/gen_formats.py --out bench/out/formats-200mb --mb 200 [--seed 1]
      [--formats xlsx,xls,pdf,zip] [--jobs 2]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_corpus as gc  # noqa: E402

FORMATS = ("xlsx", "xls", "pdf", "zip")

# Personal table kinds of gen_corpus.py and their weights in this corpus.
TABLE_KINDS = (("pension_csv_4", 10), ("pension_csv_3", 12), ("pension_csv_2", 5),
               ("pension_csv_2rec", 3), ("mailing_csv", 3), ("my_number_csv", 3),
               ("reception_csv", 4), ("pension_noheader", 6))
SHEET_TITLES = {"pension_csv_4": "送付先", "pension_csv_3": "対象者", "pension_csv_2": "氏名確認",
                "pension_csv_2rec": "資格記録", "mailing_csv": "宛名", "my_number_csv": "個人番号",
                "reception_csv": "受付簿", "pension_noheader": "抽出"}

# First-wave estimate of output bytes per table row (the second wave uses the measured one).
BYTES_PER_ROW = {"xlsx": 62.0, "xls": 124.0, "pdf": 59.0, "zip": 32.0}
WEST_DATE = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$")

_W: dict = {}


def _init(seed: int, pool_size: int) -> None:
    gc._worker_init(seed, pool_size)        # words, person pool and seed for generate_file
    _W.update(gc._WORKER)


def pick_kind(rng: random.Random) -> str:
    return rng.choices([k for k, _ in TABLE_KINDS], weights=[w for _, w in TABLE_KINDS])[0]


def table_rows(kind: str, rng: random.Random, rows: int, truth: gc.Truth):
    """(header or None, iterator of rows) from gen_corpus's generator for `kind`.

    gen_corpus's table kinds hand (header, row function) to emit_table, which turns them
    into CSV text; here emit_table is replaced for the call so the cells come back as lists.
    """
    spec = gc.FileSpec(0, kind, "", "x.csv", "utf-8", False, 1 << 40)  # big: rows not size-bound
    ctx = gc.Ctx(spec, rng, _W["words"], _W["pool"], truth)
    captured = {}

    def capture(_ctx, header, row_fn, _rows=None):
        captured["header"], captured["row_fn"] = header, row_fn
        return iter(())

    saved, gc.emit_table = gc.emit_table, capture
    try:
        gc.KINDS[kind].generate(ctx)
    finally:
        gc.emit_table = saved
    row_fn = captured["row_fn"]

    def gen():
        for i in range(rows):
            cells, items, key = row_fn(i)
            truth.add(items, key)
            yield cells

    return captured["header"], gen()


def file_name(kind: str, rng: random.Random, index: int, ext: str) -> str:
    day = gc.random_date(rng, dt.date(2013, 4, 1), dt.date(2015, 5, 20))
    name = rng.choice(gc.KINDS[kind].names).format(date=f"{day:%Y%m%d}", n=index + 1)
    return f"{name.rsplit('.', 1)[0]}_{index:04d}.{ext}"


def split_rows(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def date_column(header) -> int | None:
    if header and "生年月日" in header:
        return header.index("生年月日")
    return None


# --------------------------------------------------------------------------- writers

FIXED_TIME = dt.datetime(2015, 5, 8, 9, 30)   # document properties and ZIP entry times


def fix_zip_times(path: str) -> None:
    """Sets every entry's DOS time in a ZIP written by Python's zipfile (which stamps the
    clock or a temp file's mtime) to FIXED_TIME, in the local and central headers."""
    t = FIXED_TIME
    stamp = struct.pack("<HH", (t.hour << 11) | (t.minute << 5) | (t.second // 2),
                        ((t.year - 1980) << 9) | (t.month << 5) | t.day)
    with zipfile.ZipFile(path) as z:
        offsets = [i.header_offset for i in z.infolist()]
        start = z.start_dir
    with open(path, "r+b") as f:
        for off in offsets:                 # local file header: time/date at +10
            f.seek(off)
            assert f.read(4) == b"PK\x03\x04"
            f.seek(off + 10)
            f.write(stamp)
        pos = start
        for _ in offsets:                   # central directory header: time/date at +12
            f.seek(pos)
            head = f.read(46)
            assert head[:4] == b"PK\x01\x02"
            f.seek(pos + 12)
            f.write(stamp)
            n, m, k = struct.unpack("<HHH", head[28:34])
            pos += 46 + n + m + k


def write_xlsx(path: str, sheets) -> None:
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "openpyxl"
    for title, header, rows, as_dates in sheets:
        ws = wb.create_sheet(title)
        dc = date_column(header) if as_dates else None
        if header:
            ws.append(header)
        for cells in rows:
            if dc is not None and (m := WEST_DATE.match(cells[dc])):
                cells[dc] = dt.date(int(m[1]), int(m[2]), int(m[3]))
            ws.append(cells)
    wb.save(path)
    fix_zip_times(path)


def write_xls(path: str, sheets) -> None:
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy/m/d")
    for title, header, rows, as_dates in sheets:
        ws = wb.add_sheet(title)
        dc = date_column(header) if as_dates else None
        r = 0
        if header:
            for c, v in enumerate(header):
                ws.write(0, c, v)
            r = 1
        for cells in rows:
            row = ws.row(r)
            for c, v in enumerate(cells):
                if c == dc and (m := WEST_DATE.match(v)):
                    row.write(c, dt.date(int(m[1]), int(m[2]), int(m[3])), date_style)
                else:
                    row.write(c, v)
            r += 1
            if r % 1000 == 0:
                ws.flush_row_data()   # keeps xlwt's memory flat
    wb.save(path)


_FONTS: dict = {}


def pdf_font(embedded: bool) -> str:
    from reportlab.pdfbase import pdfmetrics
    name = "IPAGothic" if embedded else "HeiseiKakuGo-W5"
    if name not in _FONTS:
        if embedded:
            from reportlab.pdfbase.ttfonts import TTFont
            pdfmetrics.registerFont(TTFont(name, "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"))
        else:
            from reportlab.pdfbase.cidfonts import UnicodeCIDFont
            pdfmetrics.registerFont(UnicodeCIDFont(name))
        _FONTS[name] = True
    return name


def text_width(s: str, size: float) -> float:
    return sum(size if ord(ch) > 0x7F else size * 0.5 for ch in s)


def write_pdf(path: str, sheets, embedded: bool) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas
    font = pdf_font(embedded)
    size, lead, margin = 7.0, 10.0, 28.0
    width, height = landscape(A4)
    c = canvas.Canvas(path, pagesize=(width, height), pageCompression=1, invariant=1)
    c.setTitle(Path(path).stem)
    page = 1
    y = height - margin

    def new_page():
        nonlocal y, page
        c.setFont(font, size)
        c.drawString(width - margin - 40, margin / 2, f"- {page} -")
        c.showPage()
        page += 1
        y = height - margin

    c.setFont(font, size)
    for title, header, rows, _ in sheets:
        rows = iter(rows)
        first = [next(rows, None) for _ in range(40)]
        first = [r for r in first if r is not None]
        sample = ([header] if header else []) + first
        ncol = max(len(r) for r in sample)
        widths = [max(text_width(r[i].replace("\n", " "), size) for r in sample if i < len(r)) + 8
                  for i in range(ncol)]
        xs = [margin + sum(widths[:i]) for i in range(ncol)]
        if y < margin + 4 * lead:
            new_page()
        c.setFont(font, size + 3)
        c.drawString(margin, y, f"{title}（出力日 2015/05/08）")
        y -= lead * 2
        c.setFont(font, size)

        def line(cells):
            nonlocal y
            if y < margin:
                new_page()
                if header:
                    line(header)
            for x, v in zip(xs, cells):
                if v:
                    c.drawString(x, y, v.replace("\n", " "))
            y -= lead

        if header:
            line(header)
        for r in first:
            line(r)
        for r in rows:
            line(r)
        y -= lead * 2
    new_page()
    c.save()


# --------------------------------------------------------------------------- one file

def make_file(job: tuple[str, int, str]) -> dict:
    fmt, index, out_dir = job
    seed = _W["seed"]
    rng = random.Random(f"{seed}:{fmt}:{index}")
    truth = gc.Truth()
    if fmt == "zip":
        return make_zip(index, out_dir)
    total = int(math.exp(rng.uniform(math.log(10_000), math.log(50_000))))
    n_sheets = rng.randint(2, 4)
    kinds = [pick_kind(rng) for _ in range(n_sheets)]
    counts = split_rows(rng, total, n_sheets)
    name = file_name(kinds[0], rng, index, fmt)
    sheets = []
    used = set()
    for i, (kind, rows) in enumerate(zip(kinds, counts)):
        title = SHEET_TITLES[kind]
        while title in used:
            title += str(i + 1)
        used.add(title)
        sub = random.Random(f"{seed}:{fmt}:{index}:{i}")
        header, it = table_rows(kind, sub, rows, truth)
        sheets.append((title, header, it, rng.random() < 0.25))
    path = os.path.join(out_dir, name)
    if fmt == "xlsx":
        write_xlsx(path, sheets)
    elif fmt == "xls":
        write_xls(path, sheets)
    elif fmt == "pdf":
        write_pdf(path, sheets, embedded=index % 2 == 1)
    else:
        raise ValueError(fmt)
    return label(fmt, name, path, truth, parts=n_sheets)


def plan_zip(seed: int, index: int):
    """Name and members (kind, encoding, bom, name, target bytes, mtime) of zip `index`."""
    rng = random.Random(f"{seed}:zip:{index}")
    members = []
    for i in range(rng.randint(3, 10)):
        kind = pick_kind(rng)
        enc = gc.weighted(rng, gc.KINDS[kind].encodings)
        bom = enc in ("utf-8-bom", "utf-16le", "utf-16be")
        if enc == "utf-16le-nobom":
            enc, bom = "utf-16le", False
        fname = file_name(kind, rng, i, "tsv" if enc.startswith("utf-16") else "csv")
        size = int(math.exp(rng.uniform(math.log(300_000), math.log(6_000_000))))
        mtime = 1_420_000_000 + rng.randrange(14_000_000)   # 2015-01 .. 2015-06
        members.append((kind, enc, bom, fname, size, mtime))
    return file_name(members[0][0], rng, index, "zip"), members


def make_zip(index: int, out_dir: str) -> dict:
    """3-10 personal CSV/TSV files (gen_corpus.generate_file) zipped with Info-ZIP."""
    name, members = plan_zip(_W["seed"], index)
    folder = name[:-4]
    rows = records = 0
    tmp = tempfile.mkdtemp(prefix=".zip-", dir=os.path.dirname(out_dir))
    try:
        for i, (kind, enc, bom, fname, size, mtime) in enumerate(members):
            spec = gc.FileSpec(index * 100 + i, kind, folder, fname, enc, bom, size, False, mtime)
            lab = gc.generate_file((spec, tmp))   # its rng: Random(f"{seed}:file:{index*100+i}")
            rows += lab["rows"]
            records += lab["records"]
        t = max(m[5] for m in members)
        os.utime(os.path.join(tmp, folder), (t, t))
        path = os.path.join(out_dir, name)
        subprocess.run(["zip", "-q", "-r", "-X", os.path.abspath(path), folder], cwd=tmp, check=True)
    finally:
        shutil.rmtree(tmp)
    return {"path": name, "format": "zip", "size": os.path.getsize(path), "unpacked": unpacked(path),
            "parts": len(members), "rows": rows, "records": records}


def unpacked(path: str) -> int:
    """Bytes of a ZIP container's members once inflated (xlsx: the XML parts)."""
    with zipfile.ZipFile(path) as z:
        return sum(i.file_size for i in z.infolist())


def label(fmt: str, name: str, path: str, truth: gc.Truth, parts: int) -> dict:
    t = truth.label()
    extra = {"unpacked": unpacked(path)} if fmt == "xlsx" else {}
    return {"path": name, "format": fmt, "size": os.path.getsize(path), **extra, "parts": parts,
            "rows": truth.rows, "records": t["records"], "people": t["people"],
            "items": t["items"], "categories": t["categories"]}


# --------------------------------------------------------------------------- waves

def rows_of(fmt: str, seed: int, index: int) -> int:
    """Rows a file will hold (zip: estimated at 95 bytes per CSV row), known before writing."""
    if fmt == "zip":
        return sum(m[4] for m in plan_zip(seed, index)[1]) // 95
    rng = random.Random(f"{seed}:{fmt}:{index}")
    return int(math.exp(rng.uniform(math.log(10_000), math.log(50_000))))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path, help="directory to create (replaced)")
    ap.add_argument("--mb", type=float, default=200, help="MiB per format (about)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--pool", type=int, default=40000)
    args = ap.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    for f in formats:
        if f not in FORMATS:
            raise SystemExit(f"unknown format {f}")
    started = time.monotonic()
    if args.out.exists():
        shutil.rmtree(args.out)
    target = args.mb * 2**20
    labels: dict[str, list[dict]] = {f: [] for f in formats}
    next_index = {f: 0 for f in formats}
    per_row = dict(BYTES_PER_ROW)
    with multiprocessing.get_context("fork").Pool(args.jobs, _init, (args.seed, args.pool)) as pool:
        for wave, share in enumerate((0.7, 1.0, 1.0)):
            jobs = []
            for f in formats:
                (args.out / f).mkdir(parents=True, exist_ok=True)
                have = sum(l["size"] for l in labels[f])
                if labels[f]:
                    per_row[f] = have / sum(rows_of(f, args.seed, i) for i in range(next_index[f]))
                planned = have
                avg = per_row[f] * 30_000
                while planned + (avg / 2 if wave else 0) < target * share:
                    planned += per_row[f] * rows_of(f, args.seed, next_index[f])
                    jobs.append((f, next_index[f], str(args.out / f)))
                    next_index[f] += 1
            if not jobs:
                break
            jobs.sort(key=lambda j: -rows_of(j[0], args.seed, j[1]))
            for lab in pool.imap_unordered(make_file, jobs, chunksize=1):
                labels[lab["format"]].append(lab)
            print(f"wave {wave + 1}: {len(jobs)} files, {time.monotonic() - started:.0f} s",
                  file=sys.stderr)
    for f in formats:
        labs = sorted(labels[f], key=lambda l: l["path"])
        with open(args.out / f"{f}.labels.jsonl", "w", encoding="utf-8") as out:
            for lab in labs:
                out.write(json.dumps(lab, ensure_ascii=False) + "\n")
        size = sum(l["size"] for l in labs)
        print(f"{f}: {len(labs)} files, {size / 2**20:.1f} MiB, {sum(l['rows'] for l in labs):,} rows, "
              f"{sum(l['records'] for l in labs):,} personal records (labelled)", file=sys.stderr)
    print(f"generated in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
