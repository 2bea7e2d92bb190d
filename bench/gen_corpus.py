#!/usr/bin/env python3
"""Deterministic generator of a synthetic Japanese office file share with ground truth.

The share imitates what the Japan Pension Service's internet-connected file server held in
2015: extracts of the core system (CSV, Excel "Unicode text" TSV), letters and memos, next
to ordinary office files that look similar to a pattern matcher (phone lists, order
numbers, product codes, minutes, logs). Every file gets a label line with the numbers
mamori must report, computed by the same rules the scanner implements (see
bench/README.md, "Labelling rules"), so accuracy can be measured exactly.

Same --seed and arguments => byte-identical tree, labels and mtimes, whatever the number
of worker processes: every file draws from its own Random seeded by (seed, file index),
and the shared person pool is rebuilt from the seed in each worker.

Usage:
  python3 bench/gen_corpus.py --out DIR --seed 1 --files 300
  python3 bench/gen_corpus.py --out DIR --seed 1 --files 100 --total-mb 1024 --kinds csv,text
  python3 bench/gen_corpus.py --demo --seed 7 --out demo/share --labels demo/labels.jsonl
"""
from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import io
import json
import math
import multiprocessing
import os
import random
import shutil
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

DATA_DIR = Path(__file__).resolve().parent / "data"

ITEMS = ("pension_number", "my_number", "corporate_number", "name", "birth_date", "address",
         "phone", "email")
PENSION, MY_NUMBER, CORPORATE, NAME, BIRTH, ADDRESS, PHONE, EMAIL = ITEMS

# Surnames used where the scanner can only recognise a name through its dictionary
# (headerless tables, free text): the first COMMON_SURNAMES lines of surnames.tsv, none
# with a variant character. Headed columns use the whole list, variants included.
COMMON_SURNAMES = 200

# How the scanner names encodings (src/read/reader.h ReadInfo::encoding) -> Python codec.
CODECS = {
    "utf-8": "utf-8",
    "utf-8-bom": "utf-8",
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "shift_jis": "cp932",
    "euc-jp": "euc_jp",
    "iso-2022-jp": "iso2022_jp",
}
BOMS = {"utf-8-bom": "\ufeff".encode("utf-8"), "utf-16le": b"\xff\xfe", "utf-16be": b"\xfe\xff"}

# Characters a legacy encoding lacks, folded the way a real export folds them (髙 -> 高).
# CP932 has 髙 and 﨑 (IBM extensions) and maps its wave dash to U+FF5E; EUC-JP and
# ISO-2022-JP (JIS X 0208) have neither variant and map the wave dash to U+301C.
# Their full-width hyphen would decode to U+2212, which NFKC keeps, so it is written ASCII.
FOLD_JIS0208 = str.maketrans({"髙": "高", "﨑": "崎", "～": "〜", "－": "-"})
FOLD_CP932 = str.maketrans({"〜": "～"})
FULLWIDTH = str.maketrans("0123456789-/.", "０１２３４５６７８９－／．")


# --------------------------------------------------------------------------- data lists

def _read_tsv(name: str) -> list[list[str]]:
    """Reads one of the word lists in bench/data (comment lines start with '#')."""
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True)
class WordLists:
    surnames: list[tuple[str, str]]
    common_surnames: list[tuple[str, str]]
    given: list[tuple[str, str, str]]
    places: list[tuple[str, str, str, str]]
    companies: list[str]
    products: list[tuple[str, int]]
    offices: list[str]

    @staticmethod
    def load() -> "WordLists":
        surnames = [(r[0], r[1]) for r in _read_tsv("surnames.tsv")]
        common = [s for s in surnames[:COMMON_SURNAMES]
                  if not any(c in s[0] for c in "髙﨑邉邊齋齊濱澤廣櫻國")]
        return WordLists(
            surnames=surnames,
            common_surnames=common,
            given=[(r[0], r[1], r[2]) for r in _read_tsv("given_names.tsv")],
            places=[(r[0], r[1], r[2], r[3]) for r in _read_tsv("municipalities.tsv")],
            companies=[r[0] for r in _read_tsv("companies.tsv")],
            products=[(r[0], int(r[1])) for r in _read_tsv("products.tsv")],
            offices=[r[0] for r in _read_tsv("offices.tsv")],
        )


# --------------------------------------------------------------------------- identifiers

def my_number_check_digit(first11: str) -> int:
    """Check digit of a My Number (DOMAIN.md): weights n+1 (n<=6), n-5 (n>=7) from the right."""
    total = 0
    for n, ch in enumerate(reversed(first11), start=1):
        total += int(ch) * (n + 1 if n <= 6 else n - 5)
    r = total % 11
    return 0 if r <= 1 else 11 - r


def is_valid_my_number(digits: str) -> bool:
    return len(digits) == 12 and digits.isdigit() and \
        my_number_check_digit(digits[:11]) == int(digits[11])


def corporate_check_digit(last12: str) -> int:
    """Leading check digit of a corporate number: 9 - (sum P(n)Q(n) mod 9), Q=1 odd, 2 even."""
    total = 0
    for n, ch in enumerate(reversed(last12), start=1):
        total += int(ch) * (1 if n % 2 else 2)
    return 9 - total % 9


def is_valid_corporate_number(digits: str) -> bool:
    return len(digits) == 13 and digits.isdigit() and \
        corporate_check_digit(digits[1:]) == int(digits[0])


def make_my_number(rng: random.Random) -> str:
    body = f"{rng.randrange(10**10, 10**11):011d}"
    return body + str(my_number_check_digit(body))


def make_corporate_number(rng: random.Random) -> str:
    body = f"{rng.randrange(10**11, 10**12):012d}"
    return str(corporate_check_digit(body)) + body


def make_invalid_twelve(rng: random.Random) -> str:
    """A 12-digit number that fails the My Number check (a decoy; every one fails)."""
    body = f"{rng.randrange(10**10, 10**11):011d}"
    good = my_number_check_digit(body)
    return body + str((good + rng.randrange(1, 10)) % 10)


def make_jan(rng: random.Random) -> str:
    """A 13-digit JAN code (valid JAN check digit) that fails the corporate-number check."""
    while True:
        body = "49" + f"{rng.randrange(10**10):010d}"
        s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
        code = body + str((10 - s % 10) % 10)
        if not is_valid_corporate_number(code):
            return code


# --------------------------------------------------------------------------- dates

ERAS = (  # (start date, kanji, letter)
    (dt.date(2019, 5, 1), "令和", "R"),
    (dt.date(1989, 1, 8), "平成", "H"),
    (dt.date(1926, 12, 25), "昭和", "S"),
    (dt.date(1912, 7, 30), "大正", "T"),
    (dt.date(1868, 1, 25), "明治", "M"),
)


def era_of(d: dt.date) -> tuple[str, str, int]:
    for start, kanji, letter in ERAS:
        if d >= start:
            return kanji, letter, d.year - start.year + 1
    raise ValueError(d)


def format_date(d: dt.date, style: str) -> str:
    """Renders a date in one of the styles Japanese files use."""
    if style.startswith("era"):
        kanji, letter, y = era_of(d)
        if style == "era_kanji":
            return f"{kanji}{'元' if y == 1 else y}年{d.month}月{d.day}日"
        if style == "era_letter":
            return f"{letter}{y}.{d.month}.{d.day}"
        if style == "era_letter0":
            return f"{letter}{y:02d}.{d.month:02d}.{d.day:02d}"
    if style == "west_slash":
        return f"{d.year}/{d.month}/{d.day}"
    if style == "west_slash0":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if style == "west_hyphen":
        return d.isoformat()
    if style == "west_kanji":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "west8":
        return f"{d.year}{d.month:02d}{d.day:02d}"
    raise ValueError(style)


BIRTH_STYLES_HEADED = ("era_kanji", "era_kanji", "era_letter", "era_letter0", "west_slash",
                       "west_slash0", "west_hyphen", "west_kanji", "west8")
BIRTH_STYLES_BARE = ("era_kanji", "era_letter", "era_letter0", "west_slash0", "west_hyphen")
BIRTH_STYLES_TEXT = ("era_kanji", "era_letter", "west_slash", "west_kanji", "west_hyphen")


def random_date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


# --------------------------------------------------------------------------- people

_ROMAJI = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o", "カ": "ka", "キ": "ki", "ク": "ku",
    "ケ": "ke", "コ": "ko", "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to", "ナ": "na", "ニ": "ni",
    "ヌ": "nu", "ネ": "ne", "ノ": "no", "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he",
    "ホ": "ho", "マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo", "ヤ": "ya",
    "ユ": "yu", "ヨ": "yo", "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
    "ワ": "wa", "ヲ": "o", "ン": "n", "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge",
    "ゴ": "go", "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo", "ダ": "da",
    "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do", "バ": "ba", "ビ": "bi", "ブ": "bu",
    "ベ": "be", "ボ": "bo", "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
}
_SMALL = {"ャ": "ya", "ュ": "yu", "ョ": "yo"}


def romaji(kana: str) -> str:
    """Hepburn-style romanisation of a katakana reading, enough for e-mail local parts."""
    out: list[str] = []
    double = False
    for ch in kana:
        if ch == "ッ":
            double = True
            continue
        if ch in _SMALL and out:
            stem = out.pop()[:-1]  # キ+ョ -> k+yo, シ+ョ -> sh+o
            out.append(stem + (_SMALL[ch][1:] if stem in ("sh", "ch", "j") else _SMALL[ch]))
            continue
        syl = _ROMAJI.get(ch, "")
        if double and syl:
            syl = syl[0] + syl
            double = False
        out.append(syl)
    return "".join(out)


@dataclass(frozen=True)
class Person:
    pension: str        # 10 digits, first digit 1-9
    my_number: str      # 12 digits, valid check digit
    surname: str
    surname_kana: str
    given: str
    given_kana: str
    sex: str
    birth: dt.date
    prefecture: str
    address_tail: str   # municipality + town + block numbers
    building: str       # "" or a building and room
    postal: str
    phone: str
    email: str
    common: bool        # surname is in the dictionary part of the list


LANDLINE = ("03", "06", "011", "022", "045", "052", "075", "078", "082", "092", "098",
            "0263", "0466", "0942")
BUILDINGS = ("コーポ", "ハイツ", "メゾン", "パレス", "グランドール")
BUILDING_WORDS = ("アオバ", "グリーン", "リバーサイド", "サンシャイン", "ルミエール", "エクセル")
MAIL_DOMAINS = ("example.jp", "example.ne.jp", "example.co.jp", "mail.example.com")


def make_phone(rng: random.Random, mobile_share: float = 0.5) -> str:
    if rng.random() < mobile_share:
        return f"{rng.choice(('090', '080', '070'))}-{rng.randrange(1000, 10000)}-{rng.randrange(10000):04d}"
    area = rng.choice(LANDLINE)
    middle = 6 - len(area)  # 10 digits in all
    return f"{area}-{rng.randrange(10**(middle-1), 10**middle)}-{rng.randrange(10000):04d}"


def make_person(rng: random.Random, words: WordLists, pension: str, my_number: str) -> Person:
    common = rng.random() < 0.85
    surname, surname_kana = rng.choice(words.common_surnames if common else words.surnames)
    common = (surname, surname_kana) in words.common_surnames
    given, given_kana, sex = rng.choice(words.given)
    birth = random_date(rng, dt.date(1915, 1, 1), dt.date(1995, 12, 31))
    if rng.random() < 0.05:
        birth = random_date(rng, dt.date(1912, 7, 30), dt.date(1926, 12, 24))  # 大正
    pref, muni, town, postal = rng.choice(words.places)
    if town.endswith(("町", "通")) or rng.random() < 0.3:
        blocks = f"{rng.randrange(1, 40)}番地{rng.randrange(1, 30) if rng.random() < 0.5 else ''}"
        blocks = blocks.rstrip()
    elif rng.random() < 0.5:
        blocks = f"{rng.randrange(1, 8)}丁目{rng.randrange(1, 30)}番{rng.randrange(1, 25)}号"
    else:
        blocks = f"{rng.randrange(1, 8)}-{rng.randrange(1, 30)}-{rng.randrange(1, 25)}"
    building = ""
    if rng.random() < 0.25:
        building = f"{rng.choice(BUILDINGS)}{rng.choice(BUILDING_WORDS)}{rng.randrange(1, 6)}0{rng.randrange(1, 9)}号室"
    email = f"{romaji(given_kana)[:1]}.{romaji(surname_kana)}{rng.randrange(1, 99)}@{rng.choice(MAIL_DOMAINS)}"
    return Person(pension, my_number, surname, surname_kana, given, given_kana, sex, birth, pref,
                  muni + town + blocks, building, postal, make_phone(rng), email, common)


class PersonPool:
    """People shared by all files of one seed; each file picks its own subset."""

    def __init__(self, seed: int, size: int, words: WordLists) -> None:
        rng = random.Random(f"{seed}:pool")
        pensions: set[str] = set()
        numbers: set[str] = set()
        self.people: list[Person] = []
        self.common: list[int] = []
        while len(self.people) < size:
            pension = f"{rng.randrange(1000, 10000)}{rng.randrange(10**6):06d}"
            my_number = make_my_number(rng)
            if pension in pensions or my_number in numbers:
                continue
            pensions.add(pension)
            numbers.add(my_number)
            person = make_person(rng, words, pension, my_number)
            if person.common:
                self.common.append(len(self.people))
            self.people.append(person)


# --------------------------------------------------------------------------- ground truth

def name_key(name: str) -> str:
    """Canonical name as the scanner keys it: NFKC, whitespace folded to one ASCII space."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


class Truth:
    """Counts records, people, items and categories by the scanner's rules.

    Each record is declared with the set of items it really holds and its person key
    (pension number, else My Number, else name + birth date, else name).
    """

    def __init__(self) -> None:
        self.rows = 0
        self.by_items: Counter[frozenset[str]] = Counter()
        self.keys: set[tuple] = set()

    def add(self, items: frozenset[str], key: tuple | None) -> None:
        self.rows += 1
        if not items:
            return
        self.by_items[items] += 1
        if PENSION in items or MY_NUMBER in items or NAME in items:
            assert key is not None, items
            self.keys.add(key)

    def label(self) -> dict:
        items = {k: 0 for k in ITEMS}
        categories = {"4": 0, "3": 0, "2": 0}
        records = 0
        for its, n in self.by_items.items():
            for it in its:
                items[it] += n
            if not (PENSION in its or MY_NUMBER in its or NAME in its):
                continue
            records += n
            if (PENSION in its or MY_NUMBER in its) and NAME in its:
                if BIRTH not in its:
                    categories["2"] += n
                elif ADDRESS in its:
                    categories["4"] += n
                else:
                    categories["3"] += n
        return {"personal": records > 0, "records": records, "people": len(self.keys),
                "items": items, "categories": categories}


def person_key(p: Person, items: frozenset[str], name: str = "") -> tuple:
    if PENSION in items:
        return ("pension", p.pension)
    if MY_NUMBER in items:
        return ("my_number", p.my_number)
    if BIRTH in items:
        return ("name+birth", name_key(name), p.birth)
    return ("name", name_key(name))


# --------------------------------------------------------------------------- file plans

@dataclass
class FileSpec:
    index: int
    kind: str
    rel_dir: str
    name: str
    encoding: str       # scanner's encoding name ("" for empty files)
    bom: bool
    target_bytes: int   # approximate size of the content
    cp932_name: bool = False
    mtime: int = 0

    @property
    def fmt(self) -> str:
        return KINDS[self.kind].fmt(self)


@dataclass
class Ctx:
    """What a content generator needs: its own rng, the word lists and the person pool."""
    spec: FileSpec
    rng: random.Random
    words: WordLists
    pool: PersonPool
    truth: Truth = field(default_factory=Truth)
    written: int = 0   # encoded bytes on disk so far; updated by the writer after each chunk

    def full(self) -> bool:
        """Whether a size-driven generator has reached its target (in encoded bytes)."""
        return self.written >= self.spec.target_bytes

    def pick_people(self, n: int, common_only: bool = False) -> list[Person]:
        ids = self.pool.common if common_only else range(len(self.pool.people))
        n = min(n, len(ids))
        return [self.pool.people[i] for i in self.rng.sample(ids, n)]


Chunks = Iterator[str]


# ------------------------------------------------------------------ tables (CSV / TSV)

def is_tabular_utf16(spec: FileSpec) -> bool:
    return spec.encoding.startswith("utf-16")


def table_format(spec: FileSpec) -> str:
    return "tsv" if is_tabular_utf16(spec) or spec.name.endswith(".tsv") else "csv"


RowFn = Callable[[int], tuple[list[str], frozenset[str], tuple | None]]


def emit_table(ctx: Ctx, header: Sequence[str] | None, row_fn: RowFn, rows: int | None = None) -> Chunks:
    """Writes a table in batches until `rows` rows or the spec's target size is reached.

    CSV is written the way Excel and Access export it: CRLF (mostly), quoted only where
    needed (sometimes everything quoted); UTF-16 files become Excel "Unicode text" TSV.
    """
    rng = ctx.rng
    tsv = table_format(ctx.spec) == "tsv"
    line_end = "\r\n" if tsv or rng.random() < 0.8 else "\n"
    quoting = csv.QUOTE_ALL if (not tsv and rng.random() < 0.2) else csv.QUOTE_MINIMAL
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t" if tsv else ",", lineterminator=line_end,
                        quoting=quoting)
    if header is not None:
        writer.writerow(header)
    index = 0
    batch = 2000
    while True:
        for _ in range(batch):
            if rows is not None and index >= rows:
                break
            cells, items, key = row_fn(index)
            writer.writerow(cells)
            ctx.truth.add(items, key)
            index += 1
        chunk = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        yield chunk   # the writer encodes it and updates ctx.written before we resume
        if rows is not None:
            if index >= rows:
                return
        elif ctx.full() or index >= 5_000_000:
            return
        if rows is None:
            est = max(1, ctx.written // max(index, 1))
            batch = max(1, min(20000, (ctx.spec.target_bytes - ctx.written) // est + 1))


def rows_for(ctx: Ctx) -> int | None:
    """Small files get an explicit row count; big ones fill their target size."""
    return None if ctx.spec.target_bytes >= 200_000 else max(1, ctx.spec.target_bytes // 90)


def full_name(p: Person, style: int) -> str:
    return p.surname + (" ", "\u3000", "")[style] + p.given


def kana_name(p: Person, style: int) -> str:
    return p.surname_kana + (" ", "\u3000", "")[style] + p.given_kana


def full_address(p: Person, with_building: bool) -> str:
    addr = p.prefecture + p.address_tail
    if with_building and p.building:
        # Excel cells with Alt+Enter: the building on a second line inside the field.
        addr += "\n" + p.building
    return addr


REMARKS = ("", "", "", "", "転居につき再送, 要確認", "宛所不明\n返戻あり", "本人より電話あり", "代理人（家族）申出",
           "\"至急\" 対応", "住所変更届 受理済み")


@dataclass(frozen=True)
class Column:
    header: str
    item: str | None              # item the column holds (None: nothing personal)
    render: Callable[[Person], str]


def pension_table(ctx: Ctx, layout: str) -> Chunks:
    """Personal extracts with a header row: the JPS 4/3/2-item lists and their relatives."""
    rng = ctx.rng
    name_style = rng.randrange(3)
    birth_style = rng.choice(BIRTH_STYLES_HEADED)
    wide = rng.random() < 0.15
    hyphen = rng.random() < 0.5
    w = (lambda s: s.translate(FULLWIDTH)) if wide else (lambda s: s)
    pension_cell = (lambda p: w(f"{p.pension[:4]}-{p.pension[4:]}")) if hyphen else (lambda p: w(p.pension))
    birth_cell = lambda p: w(format_date(p.birth, birth_style))
    pension = Column(rng.choice(("基礎年金番号", "基礎年金番号", "年金番号", "基年番号")), PENSION, pension_cell)
    name = Column(rng.choice(("氏名", "氏名", "名前")), NAME, lambda p: full_name(p, name_style))
    kana = Column(rng.choice(("氏名カナ", "フリガナ")), NAME, lambda p: kana_name(p, name_style))
    birth = Column("生年月日", BIRTH, birth_cell)
    building = rng.random() < 0.5
    address = Column(rng.choice(("住所", "住所", "現住所")), ADDRESS, lambda p: full_address(p, building))
    postal = Column("郵便番号", ADDRESS, lambda p: w(p.postal))
    phone = Column(rng.choice(("電話番号", "電話番号", "TEL")), PHONE, lambda p: w(p.phone))
    email = Column("メールアドレス", EMAIL, lambda p: p.email)
    sex = Column("性別", None, lambda p: "男" if p.sex == "M" else "女")
    my_number = Column(rng.choice(("個人番号", "マイナンバー")), MY_NUMBER, lambda p: p.my_number)
    office = Column("事業所名", None, lambda p: "")
    acquired = Column("資格取得年月日", None, lambda p: "")
    remarks = Column("備考", None, lambda p: "")

    if layout == "4":
        cols = [pension, name, kana, birth, postal, address]
        if rng.random() < 0.5:
            cols.append(phone)
        if rng.random() < 0.15:
            cols.append(email)
    elif layout == "3":
        cols = [pension, name, birth] + ([sex] if rng.random() < 0.5 else [])
        if rng.random() < 0.3:
            cols.insert(2, kana)
    elif layout == "2":
        cols = [pension, name] + ([kana] if rng.random() < 0.5 else [])
    elif layout == "2rec":   # record reconciliation: workplace and acquisition date, no birth
        cols = [pension, name, office, acquired]
    elif layout == "mail":   # mailing list: postal code and address first, no birth date
        cols = [postal, address, name, pension]
    elif layout == "mn":     # My Number register
        cols = [my_number, name, birth, address] + ([phone] if rng.random() < 0.5 else [])
    else:
        raise ValueError(layout)
    if rng.random() < 0.3:
        cols.append(remarks)

    n_rows = rows_for(ctx)
    people = ctx.pick_people(n_rows if n_rows else rng.randrange(2000, 30000))
    repeat_share = rng.choice((0.0, 0.05, 0.2, 0.4))
    missing = 0.03 if rng.random() < 0.5 else 0.0
    seen: list[Person] = []
    offices = [f"{rng.choice(ctx.words.companies)}株式会社" for _ in range(20)]

    def row(i: int) -> tuple[list[str], frozenset[str], tuple]:
        if seen and rng.random() < repeat_share:
            p = rng.choice(seen)
        else:
            p = people[i % len(people)]
            seen.append(p)
        cells: list[str] = []
        items: set[str] = set()
        drop = None
        if missing and rng.random() < missing:
            drop = rng.choice((BIRTH, ADDRESS))
        for col in cols:
            if col is office:
                cells.append(rng.choice(offices))
            elif col is acquired:
                cells.append(w(format_date(random_date(rng, dt.date(1960, 4, 1), dt.date(2015, 3, 31)), birth_style)))
            elif col is remarks:
                cells.append(rng.choice(REMARKS))
            elif drop is not None and col.item == drop:
                cells.append("")
            else:
                cells.append(col.render(p))
                if col.item:
                    items.add(col.item)
        fitems = frozenset(items)
        return cells, fitems, person_key(p, fitems)

    header = [c.header for c in cols]
    return emit_table(ctx, header, row, n_rows)


def pension_noheader(ctx: Ctx) -> Chunks:
    """Headerless extract: hyphenated pension number, dictionary name, era birth date."""
    rng = ctx.rng
    name_style = rng.randrange(3)
    birth_style = rng.choice(("era_kanji", "era_letter", "era_letter0"))
    with_address = rng.random() < 0.3
    wide = rng.random() < 0.15
    w = (lambda s: s.translate(FULLWIDTH)) if wide else (lambda s: s)
    n_rows = rows_for(ctx)
    people = ctx.pick_people(n_rows if n_rows else rng.randrange(2000, 30000), common_only=True)
    repeat_share = rng.choice((0.0, 0.1, 0.3))
    seen: list[Person] = []

    def row(i: int) -> tuple[list[str], frozenset[str], tuple]:
        if seen and rng.random() < repeat_share:
            p = rng.choice(seen)
        else:
            p = people[i % len(people)]
            seen.append(p)
        cells = [w(f"{p.pension[:4]}-{p.pension[4:]}"), full_name(p, name_style),
                 w(format_date(p.birth, birth_style))]
        items = {PENSION, NAME, BIRTH}
        if with_address:
            cells.append(full_address(p, False))
            items.add(ADDRESS)
        fitems = frozenset(items)
        return cells, fitems, person_key(p, fitems)

    return emit_table(ctx, None, row, n_rows)


def reception_register(ctx: Ctx) -> Chunks:
    """受付簿: a reception date and a 10-digit receipt number beside real birth dates."""
    rng = ctx.rng
    name_style = rng.randrange(3)
    birth_style = rng.choice(BIRTH_STYLES_HEADED)
    n_rows = rows_for(ctx)
    people = ctx.pick_people(n_rows if n_rows else rng.randrange(2000, 30000))
    purposes = ("年金請求", "住所変更", "記録照会", "氏名変更", "再発行", "口座変更")
    seen: list[Person] = []
    base = 2015040000

    def row(i: int) -> tuple[list[str], frozenset[str], tuple]:
        if seen and rng.random() < 0.15:
            p = rng.choice(seen)
        else:
            p = people[i % len(people)]
            seen.append(p)
        received = random_date(rng, dt.date(2014, 4, 1), dt.date(2015, 5, 20))
        cells = [str(base + i * 7), format_date(received, "west_slash0"),
                 f"{p.pension[:4]}-{p.pension[4:]}", full_name(p, name_style),
                 format_date(p.birth, birth_style), rng.choice(purposes)]
        items = frozenset({PENSION, NAME, BIRTH})
        return cells, items, person_key(p, items)

    return emit_table(ctx, ["受付番号", "受付日", "基礎年金番号", "氏名", "生年月日", "用件"], row, n_rows)


def company_name(rng: random.Random, words: WordLists) -> str:
    core = rng.choice(words.companies)
    return rng.choice((f"株式会社{core}", f"{core}株式会社", f"有限会社{core}", f"{core}商事株式会社"))


def phone_list(ctx: Ctx) -> Chunks:
    """Decoy: company phone list (phones alone never make a record personal)."""
    rng = ctx.rng
    headed = rng.random() < 0.7
    depts = ("総務部", "経理課", "営業部", "人事課", "システム部", "")

    def row(i: int) -> tuple[list[str], frozenset[str], None]:
        tel = make_phone(rng, 0.1)
        if headed and rng.random() < 0.1:   # free dial written like a pension number; leading 0
            tel = f"0120-{rng.randrange(100000, 1000000)}"
        cells = [company_name(rng, ctx.words), rng.choice(depts), tel]
        if headed:
            cells.append(make_phone(rng, 0.0))
        return cells, frozenset({PHONE}), None

    header = ["会社名", "部署", "電話番号", "FAX番号"] if headed else None
    return emit_table(ctx, header, row, rows_for(ctx))


def order_table(ctx: Ctx, headed: bool) -> Chunks:
    """Decoy: 10-digit order numbers and 受付日 dates (with or without header)."""
    rng = ctx.rng
    start = rng.randrange(10**9, 9 * 10**9)

    def row(i: int) -> tuple[list[str], frozenset[str], None]:
        name, price = rng.choice(ctx.words.products)
        qty = rng.randrange(1, 50)
        day = random_date(rng, dt.date(2014, 4, 1), dt.date(2015, 5, 20))
        cells = [str(start + i * 13), format_date(day, rng.choice(("west_slash0", "west_hyphen"))),
                 f"P{rng.randrange(10000, 99999)}", name, str(qty), str(price), str(qty * price)]
        return cells, frozenset(), None

    header = ["注文番号", "受付日", "商品コード", "商品名", "数量", "単価", "金額"] if headed else None
    return emit_table(ctx, header, row, rows_for(ctx))


def invoice_table(ctx: Ctx) -> Chunks:
    rng = ctx.rng

    def row(i: int) -> tuple[list[str], frozenset[str], None]:
        day = random_date(rng, dt.date(2014, 4, 1), dt.date(2015, 5, 20))
        due = day + dt.timedelta(days=30)
        cells = [f"{rng.randrange(10**9, 10**10)}", format_date(day, "west_slash0"),
                 company_name(rng, ctx.words), str(rng.randrange(1000, 5_000_000)),
                 format_date(due, "west_kanji")]
        return cells, frozenset(), None

    return emit_table(ctx, ["請求番号", "請求日", "取引先", "請求金額", "支払期日"], row, rows_for(ctx))


def product_table(ctx: Ctx) -> Chunks:
    rng = ctx.rng

    def row(i: int) -> tuple[list[str], frozenset[str], None]:
        name, price = rng.choice(ctx.words.products)
        return [f"A-{rng.randrange(10000, 99999)}", make_jan(rng), name, str(price)], frozenset(), None

    return emit_table(ctx, ["商品コード", "JANコード", "商品名", "単価"], row, rows_for(ctx))


def office_postal(ctx: Ctx) -> Chunks:
    """Decoy: offices with postal code, location and phone (addresses, but no people)."""
    rng = ctx.rng

    def row(i: int) -> tuple[list[str], frozenset[str], None]:
        pref, muni, town, postal = rng.choice(ctx.words.places)
        addr = f"{pref}{muni}{town}{rng.randrange(1, 8)}-{rng.randrange(1, 30)}-{rng.randrange(1, 25)}"
        return ([rng.choice(ctx.words.offices), postal, addr, make_phone(rng, 0.0)],
                frozenset({ADDRESS, PHONE}), None)

    return emit_table(ctx, ["事務所名", "郵便番号", "所在地", "電話番号"], row, rows_for(ctx))


def corporate_table(ctx: Ctx) -> Chunks:
    """Decoy: valid 13-digit corporate numbers with company names and locations."""
    rng = ctx.rng

    def row(i: int) -> tuple[list[str], frozenset[str], None]:
        pref, muni, town, _ = rng.choice(ctx.words.places)
        return ([make_corporate_number(rng), company_name(rng, ctx.words),
                 f"{pref}{muni}{town}{rng.randrange(1, 8)}丁目{rng.randrange(1, 30)}番{rng.randrange(1, 25)}号"],
                frozenset({CORPORATE, ADDRESS}), None)

    return emit_table(ctx, ["法人番号", "法人名", "所在地"], row, rows_for(ctx))


def twelve_digit_table(ctx: Ctx) -> Chunks:
    """Decoy: 12-digit management numbers that all fail the My Number check."""
    rng = ctx.rng
    headed = rng.random() < 0.6

    def row(i: int) -> tuple[list[str], frozenset[str], None]:
        name, _ = rng.choice(ctx.words.products)
        return [make_invalid_twelve(rng), name, str(rng.randrange(1, 500))], frozenset(), None

    return emit_table(ctx, ["管理番号", "品名", "在庫数"] if headed else None, row, rows_for(ctx))


# ------------------------------------------------------------------------ plain text

def text_lines(ctx: Ctx, gen: Callable[[], Iterator[tuple[str, frozenset[str], tuple | None]]]) -> Chunks:
    """Joins generated lines; every line (blank ones too) is a record of the text."""
    rng = ctx.rng
    enc = ctx.spec.encoding
    nl = "\r\n" if enc in ("shift_jis", "utf-16le") or rng.random() < 0.3 else "\n"
    out: list[str] = []
    size = 0
    for line, items, key in gen():
        ctx.truth.add(items, key)
        out.append(line + nl)
        size += len(line)
        if size > 100_000:
            yield "".join(out)
            out.clear()
            size = 0
    if out:
        yield "".join(out)


def birth_phrase(rng: random.Random, d: dt.date) -> str:
    """A birth date with the evidence the scanner needs in free text."""
    style = rng.choice(BIRTH_STYLES_TEXT)
    s = format_date(d, style)
    form = rng.randrange(4)
    if form == 0:
        return f"（{s}生）"
    if form == 1:
        return f"生年月日：{s}"
    if form == 2:
        return f"（{s}生まれ）"
    return f"生年月日 {s}"


def pension_text(rng: random.Random, p: Person) -> str:
    num = p.pension if rng.random() < 0.5 else f"{p.pension[:4]}-{p.pension[4:]}"
    return f"基礎年金番号{rng.choice(('：', ' ', '：'))}{num}"


def personal_text(ctx: Ctx) -> Chunks:
    rng = ctx.rng
    style = rng.choice(("letter", "memo", "memo", "mail"))
    big = ctx.spec.target_bytes >= 200_000
    if big:
        style = "memo"
    return text_lines(ctx, lambda: {"letter": letters, "memo": memo, "mail": mail}[style](ctx))


def letters(ctx: Ctx) -> Iterator[tuple[str, frozenset[str], tuple | None]]:
    """Mail-merged letters: the only non-birth date is at the very top, before any keyword."""
    rng = ctx.rng
    n = max(1, min(30, ctx.spec.target_bytes // 600))
    people = ctx.pick_people(n, common_only=True)
    office = rng.choice(ctx.words.offices)
    sent = random_date(rng, dt.date(2014, 4, 1), dt.date(2015, 5, 20))
    yield format_date(sent, "era_kanji"), frozenset(), None
    for k, p in enumerate(people):
        if k:
            yield "\f", frozenset(), None
        yield f"{full_name(p, 0)} 様", frozenset(), None      # a name alone does not count
        yield "", frozenset(), None
        yield f"{office}", frozenset(), None
        yield "　　年金記録のお知らせ", frozenset(), None
        yield "拝啓　時下ますますご清祥のこととお慶び申し上げます。", frozenset(), None
        yield "下記のとおりご本人様の記録を確認いたしましたのでお知らせします。", frozenset(), None
        yield "記", frozenset(), None
        if rng.random() < 0.3:   # both numbers on one line: the person is keyed by pension
            items = frozenset({PENSION, MY_NUMBER})
            yield f"{pension_text(rng, p)}　個人番号：{p.my_number}", items, person_key(p, items)
        else:
            items = frozenset({PENSION})
            yield pension_text(rng, p), items, person_key(p, items)
        yield f"生年月日：{format_date(p.birth, rng.choice(BIRTH_STYLES_TEXT))}", frozenset({BIRTH}), None
        yield "以上", frozenset(), None


def memo(ctx: Ctx) -> Iterator[tuple[str, frozenset[str], tuple | None]]:
    """A list memo: one person per line with two or more items on it."""
    rng = ctx.rng
    big = ctx.spec.target_bytes >= 200_000
    n = rng.randrange(30000, 60000) if big else max(1, ctx.spec.target_bytes // 80)
    target = ctx.spec.target_bytes
    people = ctx.pick_people(min(n, 20000), common_only=True)
    yield rng.choice(("お客様対応メモ", "照会対応一覧", "未送付者リスト（要確認）")), frozenset(), None
    yield f"作成：{rng.choice(ctx.words.offices)}　{rng.choice(('国民年金課', 'お客様相談室', '厚生年金適用調査課'))}", frozenset(), None
    yield "", frozenset(), None
    k = 0
    seen: list[Person] = []
    name_style = rng.randrange(3)
    while not ctx.full() if big else (k < n):
        if seen and rng.random() < 0.1:
            p = rng.choice(seen)
        else:
            p = people[k % len(people)]
            seen.append(p)
        k += 1
        name = full_name(p, name_style)
        variant = rng.choice(("nb", "np", "nbp", "nbp", "nbpa", "nm", "pb", "nphone"))
        if variant == "nb":
            line, items = f"{name} {birth_phrase(rng, p.birth)}", {NAME, BIRTH}
        elif variant == "np":
            line, items = f"{name}　{pension_text(rng, p)}", {NAME, PENSION}
        elif variant == "nbp":
            line, items = f"{name} {birth_phrase(rng, p.birth)} {pension_text(rng, p)}", {NAME, BIRTH, PENSION}
        elif variant == "nbpa":
            line = (f"{name} {birth_phrase(rng, p.birth)} {pension_text(rng, p)} "
                    f"住所：{p.prefecture}{p.address_tail}")
            items = {NAME, BIRTH, PENSION, ADDRESS}
        elif variant == "nm":
            line, items = f"{name}　個人番号：{p.my_number}", {NAME, MY_NUMBER}
        elif variant == "pb":
            line, items = f"{pension_text(rng, p)} {birth_phrase(rng, p.birth)}", {PENSION, BIRTH}
        else:
            line, items = f"{name}様より電話あり（連絡先 {p.phone}）", {NAME, PHONE}
        line = f"{k}. {line}"
        fitems = frozenset(items)
        yield line, fitems, person_key(p, fitems, name)


def mail(ctx: Ctx) -> Iterator[tuple[str, frozenset[str], tuple | None]]:
    """A mail draft to one person: a name line alone, then keyword lines."""
    rng = ctx.rng
    p = ctx.pick_people(1, common_only=True)[0]
    staff = rng.choice(ctx.words.common_surnames)
    yield f"From: {romaji(staff[1])}@nenkin.example.jp", frozenset({EMAIL}), None
    yield f"To: {p.email}", frozenset({EMAIL}), None
    yield "Subject: 年金記録のご照会について", frozenset(), None
    yield "", frozenset(), None
    yield f"{full_name(p, 1)} 様", frozenset(), None
    yield "", frozenset(), None
    yield "いつもお世話になっております。", frozenset(), None
    yield "ご照会いただいた件につき、下記のとおり確認いたしました。", frozenset(), None
    items = frozenset({PENSION})
    yield pension_text(rng, p), items, person_key(p, items)
    yield f"生年月日：{format_date(p.birth, rng.choice(BIRTH_STYLES_TEXT))}", frozenset({BIRTH}), None
    yield f"ご不明な点は {make_phone(rng, 0.0)} までご連絡ください。", frozenset({PHONE}), None
    yield "", frozenset(), None
    yield f"{rng.choice(ctx.words.offices)}　{staff[0]}", frozenset(), None


def minutes(ctx: Ctx) -> Chunks:
    """Decoy: meeting minutes; a meeting date and attendee names, never on one line with an item."""
    rng = ctx.rng
    day = random_date(rng, dt.date(2014, 4, 1), dt.date(2015, 5, 20))
    names = [s + rng.choice(("課長", "係長", "主任", "", "所長"))
             for s, _ in rng.sample(ctx.words.common_surnames, 5)]

    def gen() -> Iterator[tuple[str, frozenset[str], None]]:
        none = frozenset()
        yield f"{rng.choice(('情報セキュリティ連絡会', '課内打合せ', '業務改善委員会'))} 議事録", none, None
        yield f"日時：{format_date(day, 'era_kanji')}（{'月火水木金土日'[day.weekday()]}）14:00～15:30", none, None
        yield f"場所：{rng.choice(ctx.words.offices)} 第{rng.randrange(1, 5)}会議室", none, None
        yield "出席者：" + "、".join(names), none, None
        yield "", none, None
        yield "1. 不審メールへの対応について", none, None
        yield (f"{names[0]}より、{day.month}月{day.day}日に受信した不審なメールについて報告があった。"), none, None
        yield "添付ファイルは開かずに削除するよう、全職員に周知する。", none, None
        yield "2. 共有フォルダの整理について", none, None
        yield "作業終了後のファイルは速やかに削除する。パスワード設定の状況を各課で確認する。", none, None
        nxt = day + dt.timedelta(days=14)
        yield f"次回：{nxt.month}月{nxt.day}日 15:00～", none, None
        yield f"（記録：{names[-1]}）", none, None

    return text_lines(ctx, gen)


LOG_PATHS = ("/api/records", "/login", "/static/app.js", "/reports/daily", "/healthz")


def log_file(ctx: Ctx) -> Chunks:
    """Decoy: application log with timestamps, 10-digit request ids and 12-digit txn ids."""
    rng = ctx.rng
    t = dt.datetime(2015, 5, 8, 8, 0, 0) + dt.timedelta(seconds=rng.randrange(86400 * 10))
    target = ctx.spec.target_bytes

    def gen() -> Iterator[tuple[str, frozenset[str], None]]:
        nonlocal t
        written = 0
        while (written < target) if target < 200_000 else not ctx.full():
            t += dt.timedelta(milliseconds=rng.randrange(1, 5000))
            level = rng.choice(("INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR"))
            line = (f"{t:%Y-%m-%d %H:%M:%S},{t.microsecond // 1000:03d} {level} [worker-{rng.randrange(8)}] "
                    f"req={rng.randrange(10**9, 10**10)} txn={make_invalid_twelve(rng)} "
                    f"GET {rng.choice(LOG_PATHS)} {rng.choice((200, 200, 304, 404, 500))} "
                    f"{rng.randrange(1, 900)}ms from 10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}")
            written += len(line) + 1
            yield line, frozenset(), None

    return text_lines(ctx, gen)


SOURCE = '''#!/usr/bin/env python3
# 帳票変換ツール（事務センター共通）
# 入力CSVを固定長に変換する。作成: システム担当
import csv
import sys

EPOCH_START = {epoch}   # 2015-05-01 00:00:00 +0900
MAX_ROWS = {max_rows}
BUFFER_SIZE = 1048576
VERSION = "{major}.{minor}.{patch}"


def convert(src, dst):
    """1行ずつ読み、{width}桁の固定長レコードとして書き出す。"""
    with open(src, encoding="cp932", newline="") as f, open(dst, "w", encoding="cp932") as out:
        for row in csv.reader(f):
            out.write("".join(cell.ljust({width})[:{width}] for cell in row) + "\\r\\n")


if __name__ == "__main__":
    convert(sys.argv[1], sys.argv[2])
'''


def source_file(ctx: Ctx) -> Chunks:
    rng = ctx.rng
    yield SOURCE.format(epoch=1430406000, max_rows=rng.randrange(10**5, 10**6), major=rng.randrange(1, 4),
                        minor=rng.randrange(10), patch=rng.randrange(20), width=rng.choice((10, 20, 40)))


def empty_file(ctx: Ctx) -> Chunks:
    return iter(())


# ------------------------------------------------------------------------ kinds

@dataclass(frozen=True)
class Kind:
    group: str                     # csv | text | other (for --kinds)
    weight: int                    # share in a mixed corpus
    big: int                       # share among large files of a --total-mb corpus
    encodings: tuple[tuple[str, int], ...]
    names: tuple[str, ...]
    dirs: tuple[str, ...]
    generate: Callable[[Ctx], Chunks]
    fmt: Callable[[FileSpec], str] = table_format


PERSONAL_CSV_ENC = (("shift_jis", 50), ("utf-8", 18), ("utf-8-bom", 17), ("euc-jp", 7),
                    ("utf-16le", 4), ("utf-16be", 2), ("utf-16le-nobom", 2))
DECOY_CSV_ENC = (("shift_jis", 50), ("utf-8", 25), ("utf-8-bom", 12), ("euc-jp", 5),
                 ("utf-16le", 5), ("utf-16be", 3))
TEXT_ENC = (("utf-8", 30), ("shift_jis", 25), ("euc-jp", 15), ("iso-2022-jp", 20),
            ("utf-16le", 5), ("utf-16be", 5))
TSV_ENC = (("utf-16le", 70), ("utf-16le-nobom", 15), ("utf-16be", 15))
ASCII_ENC = (("utf-8", 1),)

SITE = "年金事務所/{office}"
CENTER = "事務センター/{center}"
PERSONAL_DIRS = (SITE + "/国民年金課/{year}", SITE + "/厚生年金適用調査課", SITE + "/お客様相談室",
                 CENTER + "/突合", CENTER + "/送付", CENTER + "/入力/{year}", "国民年金/{year}",
                 "共通/作業用/{person}")
COMMON_DIRS = ("共通/連絡先", "共通/様式", "共通/経理/{year}", "共通/調達", SITE + "/庶務",
               "共通/作業用/{person}")


def _kind(group: str, weight: int, big: int, enc, names, dirs, gen, fmt=table_format) -> Kind:
    return Kind(group, weight, big, enc, names, dirs, gen, fmt)


def _text_fmt(spec: FileSpec) -> str:
    return "text"


KINDS: dict[str, Kind] = {
    "pension_csv_4": _kind("csv", 8, 10, PERSONAL_CSV_ENC, ("送付先一覧_{date}.csv", "住所確認リスト_{n}.csv", "抽出結果_4項目_{date}.csv"),
                           PERSONAL_DIRS, lambda c: pension_table(c, "4")),
    "pension_csv_3": _kind("csv", 8, 12, PERSONAL_CSV_ENC, ("記録突合リスト_{date}.csv", "対象者一覧_{n}.csv", "抽出_{date}.csv"),
                           PERSONAL_DIRS, lambda c: pension_table(c, "3")),
    "pension_csv_2": _kind("csv", 5, 5, PERSONAL_CSV_ENC, ("氏名確認_{n}.csv", "未統合記録_{date}.csv"),
                           PERSONAL_DIRS, lambda c: pension_table(c, "2")),
    "pension_csv_2rec": _kind("csv", 3, 3, PERSONAL_CSV_ENC, ("資格記録突合_{date}.csv",),
                              PERSONAL_DIRS, lambda c: pension_table(c, "2rec")),
    "mailing_csv": _kind("csv", 3, 3, PERSONAL_CSV_ENC, ("宛名ラベル_{date}.csv", "発送リスト_{n}.csv"),
                         PERSONAL_DIRS, lambda c: pension_table(c, "mail")),
    "my_number_csv": _kind("csv", 3, 3, PERSONAL_CSV_ENC, ("個人番号収集_{date}.csv",),
                           PERSONAL_DIRS, lambda c: pension_table(c, "mn")),
    "pension_noheader": _kind("csv", 6, 6, PERSONAL_CSV_ENC, ("extract_{n}.csv", "DVD抽出_{date}.csv", "data{n}.csv"),
                              PERSONAL_DIRS, pension_noheader),
    "pension_tsv": _kind("csv", 6, 5, TSV_ENC, ("対象者一覧_{n}.tsv", "突合結果_{date}.tsv"),
                         PERSONAL_DIRS, lambda c: pension_table(c, c.rng.choice(("4", "3", "2")))),
    "reception_csv": _kind("csv", 5, 4, PERSONAL_CSV_ENC, ("受付簿_{date}.csv", "来訪受付_{n}.csv"),
                           PERSONAL_DIRS, reception_register),
    "personal_text": _kind("text", 12, 8, TEXT_ENC, ("お客様対応メモ_{n}.txt", "送付状_{date}.txt", "照会回答下書き_{n}.txt", "メモ{n}.txt"),
                           PERSONAL_DIRS, personal_text, _text_fmt),
    "phone_list": _kind("csv", 6, 3, DECOY_CSV_ENC, ("取引先電話帳.csv", "連絡先一覧_{n}.csv", "phone_{n}.csv"),
                        COMMON_DIRS, phone_list),
    "order_csv": _kind("csv", 5, 6, DECOY_CSV_ENC, ("注文一覧_{date}.csv", "発注_{n}.csv"),
                       COMMON_DIRS, lambda c: order_table(c, True)),
    "number_noheader": _kind("csv", 4, 3, DECOY_CSV_ENC, ("export_{n}.csv", "tmp{n}.csv"),
                             COMMON_DIRS, lambda c: order_table(c, False)),
    "invoice_csv": _kind("csv", 4, 3, DECOY_CSV_ENC, ("請求一覧_{date}.csv",), COMMON_DIRS, invoice_table),
    "product_csv": _kind("csv", 4, 2, DECOY_CSV_ENC, ("商品マスタ_{n}.csv",), COMMON_DIRS, product_table),
    "office_postal_csv": _kind("csv", 3, 1, DECOY_CSV_ENC, ("事務所一覧.csv", "郵便番号_事務所_{n}.csv"), COMMON_DIRS, office_postal),
    "corporate_csv": _kind("csv", 3, 2, DECOY_CSV_ENC, ("法人番号一覧_{n}.csv", "取引先法人_{date}.csv"), COMMON_DIRS, corporate_table),
    "twelve_digit_csv": _kind("csv", 3, 2, DECOY_CSV_ENC, ("在庫管理_{n}.csv",), COMMON_DIRS, twelve_digit_table),
    "minutes": _kind("text", 6, 0, TEXT_ENC, ("議事録_{date}.txt", "打合せメモ_{n}.txt", "会議 メモ {n}.txt"),
                     ("共通/会議資料/{year}", SITE + "/庶務"), minutes, _text_fmt),
    "log": _kind("text", 4, 6, ASCII_ENC, ("app_{date}.log", "batch{n}.log"), ("共通/システム/log",), log_file, _text_fmt),
    "source": _kind("text", 4, 0, ASCII_ENC, ("convert_{n}.py", "tool{n}.py"), ("共通/システム/tools",), source_file, _text_fmt),
    "empty": _kind("other", 2, 0, (("", 1),), ("新規テキスト ドキュメント ({n}).txt", "空_{n}.csv"),
                   COMMON_DIRS, empty_file, lambda s: "text" if s.name.endswith(".txt") else "csv"),
}

DEMO_KINDS = (  # ~40 files: every kind, most encodings, two CP932 names
    "pension_csv_4", "pension_csv_4", "pension_csv_3", "pension_csv_3", "pension_csv_3",
    "pension_csv_2", "pension_csv_2rec", "mailing_csv", "my_number_csv", "pension_noheader",
    "pension_noheader", "pension_tsv", "pension_tsv", "pension_tsv", "reception_csv",
    "personal_text", "personal_text", "personal_text", "personal_text", "personal_text",
    "phone_list", "phone_list", "order_csv", "number_noheader", "invoice_csv", "product_csv",
    "office_postal_csv", "corporate_csv", "twelve_digit_csv", "minutes", "minutes", "minutes",
    "log", "source", "empty", "order_csv", "personal_text", "pension_csv_3", "phone_list", "minutes",
)


def weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


CENTERS = ("東京", "大阪", "福岡", "仙台")
STAFF = ("yamada", "sato", "tanaka", "suzuki", "takahashi")


def plan_files(args: argparse.Namespace) -> list[FileSpec]:
    """Decides every file's kind, place, encoding and size from the seed alone."""
    rng = random.Random(f"{args.seed}:plan")
    groups = set(args.kinds.split(",")) if args.kinds else {"csv", "text", "other"}
    kinds = [k for k, v in KINDS.items() if v.group in groups]
    if not kinds:
        raise SystemExit(f"--kinds {args.kinds}: nothing to generate")
    chosen: list[tuple[str, int]] = []  # (kind, target bytes)
    if args.demo:
        chosen = [(k, rng.randrange(1500, 12000)) for k in DEMO_KINDS if k in kinds]
    else:
        weights = [KINDS[k].weight for k in kinds]
        for _ in range(args.files):
            k = rng.choices(kinds, weights=weights)[0]
            chosen.append((k, int(math.exp(rng.uniform(math.log(300), math.log(150_000))))))
        if args.total_mb:
            budget = int(args.total_mb * 2**20) - sum(b for _, b in chosen)
            big = [k for k in kinds if KINDS[k].big]
            bw = [KINDS[k].big for k in big]
            while budget > 0 and big:
                size = int(math.exp(rng.uniform(math.log(2**20), math.log(50 * 2**20))))
                size = min(size, max(budget, 2**20))
                chosen.append((rng.choices(big, weights=bw)[0], size))
                budget -= size

    specs: list[FileSpec] = []
    used: set[str] = set()
    words = WordLists.load()
    demo_cycle: dict[str, int] = {}
    for index, (kind, size) in enumerate(chosen):
        spec_kind = KINDS[kind]
        enc = weighted(rng, spec_kind.encodings)
        if args.demo:  # the demo shows every encoding: cycle through each kind's list
            n = demo_cycle[kind] = demo_cycle.get(kind, -1) + 1
            enc = spec_kind.encodings[n % len(spec_kind.encodings)][0]
        bom = enc in ("utf-8-bom", "utf-16le", "utf-16be")
        if enc == "utf-16le-nobom":
            enc, bom = "utf-16le", False
        year = rng.choice(("2013年度", "2014年度", "2015年度"))
        rel_dir = rng.choice(spec_kind.dirs).format(
            office=rng.choice(words.offices), center=rng.choice(CENTERS), year=year,
            person=rng.choice(STAFF))
        day = random_date(rng, dt.date(2013, 4, 1), dt.date(2015, 5, 20))
        name = rng.choice(spec_kind.names).format(date=f"{day:%Y%m%d}", n=index + 1)
        if enc.startswith("utf-16") and spec_kind.fmt is table_format:
            name = name.rsplit(".", 1)[0] + ".tsv"   # Excel "Unicode text" export
        while f"{rel_dir}/{name}" in used:
            stem, ext = name.rsplit(".", 1)
            name = f"{stem}_{index}.{ext}"
        used.add(f"{rel_dir}/{name}")
        mtime = int(dt.datetime.combine(day, dt.time(rng.randrange(8, 20), rng.randrange(60)),
                                        tzinfo=dt.timezone(dt.timedelta(hours=9))).timestamp())
        specs.append(FileSpec(index, kind, rel_dir, name, enc, bom, size, False, mtime))
    # Old shares hold names written by Windows in CP932: a couple of files get such names.
    named = [s for s in specs if s.kind in ("pension_csv_3", "personal_text", "phone_list", "minutes")]
    for s in rng.sample(named, min(2, len(named))) if len(specs) >= 10 else []:
        s.cp932_name = True
    return specs


# ------------------------------------------------------------------------ writing

_WORKER: dict = {}


def _worker_init(seed: int, pool_size: int) -> None:
    words = WordLists.load()
    _WORKER["words"] = words
    _WORKER["pool"] = PersonPool(seed, pool_size, words)
    _WORKER["seed"] = seed


def encode_chunk(text: str, encoding: str) -> bytes:
    """Encodes strictly; legacy encodings first fold characters they do not have."""
    if encoding in ("euc-jp", "iso-2022-jp"):
        text = text.translate(FOLD_JIS0208)
    elif encoding == "shift_jis":
        text = text.translate(FOLD_CP932)
    return text.encode(CODECS[encoding], errors="strict")


def relative_bytes(spec: FileSpec) -> bytes:
    name = spec.name.encode("cp932") if spec.cp932_name else spec.name.encode("utf-8")
    return spec.rel_dir.encode("utf-8") + b"/" + name


def generate_file(job: tuple[FileSpec, str]) -> dict:
    """Writes one file (in a worker) and returns its label."""
    spec, out_dir = job
    ctx = Ctx(spec, random.Random(f"{_WORKER['seed']}:file:{spec.index}"), _WORKER["words"], _WORKER["pool"])
    path = os.path.join(os.fsencode(out_dir), relative_bytes(spec))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    size = 0
    with open(path, "wb") as f:
        first = True
        for chunk in KINDS[spec.kind].generate(ctx):
            if not chunk:
                continue
            data = encode_chunk(chunk, spec.encoding)
            if first and spec.bom:
                data = BOMS[spec.encoding] + data
            first = False
            f.write(data)
            size += len(data)
            ctx.written = size
    os.utime(path, (spec.mtime, spec.mtime))
    label = {"path": f"{spec.rel_dir}/{spec.name}"}
    if spec.cp932_name:
        label["path_b64"] = base64.b64encode(relative_bytes(spec)).decode("ascii")
    label.update({"kind": spec.kind, "format": spec.fmt, "encoding": spec.encoding if size else "",
                  "bom": spec.bom and size > 0, "size": size, "rows": ctx.truth.rows})
    label.update(ctx.truth.label())
    return label


def default_labels_path(out: Path) -> Path:
    return out.parent / f"{out.name}.labels.jsonl"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=Path, help="directory to create (replaced if it exists)")
    ap.add_argument("--labels", type=Path, help="label file (default: OUT/../<name>.labels.jsonl)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", type=int, default=300, help="number of mixed small/medium files")
    ap.add_argument("--total-mb", type=float, default=0,
                    help="add large (1-50 MB) CSV/text files until the corpus holds this many MiB")
    ap.add_argument("--kinds", default="", help="comma list of groups: csv,text,other (default all)")
    ap.add_argument("--demo", action="store_true", help="small demo share (~40 files)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--pool", type=int, default=40000, help="people in the shared pool")
    args = ap.parse_args(argv)

    started = time.monotonic()
    specs = plan_files(args)
    out: Path = args.out
    labels_path: Path = args.labels or default_labels_path(out)
    if labels_path.resolve().is_relative_to(out.resolve()):
        print("warning: labels inside the scanned tree will be scanned too", file=sys.stderr)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    jobs = [(s, str(out)) for s in sorted(specs, key=lambda s: -s.target_bytes)]
    pool_size = min(args.pool, 4000) if args.demo else args.pool
    if args.jobs <= 1:
        _worker_init(args.seed, pool_size)
        labels = [generate_file(j) for j in jobs]
    else:
        with multiprocessing.get_context("fork").Pool(args.jobs, _worker_init, (args.seed, pool_size)) as pool:
            labels = pool.map(generate_file, jobs, chunksize=1)
    labels.sort(key=lambda l: l["path"])
    labels_path.parent.mkdir(parents=True, exist_ok=True)
    with open(labels_path, "w", encoding="utf-8") as f:
        for label in labels:
            f.write(json.dumps(label, ensure_ascii=False) + "\n")
    total = sum(l["size"] for l in labels)
    personal = sum(l["personal"] for l in labels)
    print(f"wrote {len(labels)} files ({personal} with personal data), {total / 2**20:.1f} MiB "
          f"to {out} in {time.monotonic() - started:.1f}s; labels: {labels_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
