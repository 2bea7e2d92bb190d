#!/usr/bin/env python3
"""Lists the clear personal numbers a generated share holds, for the e2e leak check.

Reads bench/gen_corpus.py's labels, decodes every labelled personal file with its encoding
and prints a JSON array of every pension number (10 digits, also as 1234-567890) and My
Number (12 digits, also as 1234-5678-9012 and 1234 5678 9012) in it. The browser test fails
if any page of the console contains one of them.

Usage: clear_values.py SHARE LABELS > values.json
"""
import base64
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

CODECS = {
    "utf-8": "utf-8-sig",
    "utf-8-bom": "utf-8-sig",
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "shift_jis": "cp932",
    "euc-jp": "euc_jp",
    "iso-2022-jp": "iso2022_jp",
}
# A digit run of exactly this shape, not part of a longer number.
PENSION = re.compile(r"(?<![\d-])(\d{4})-?(\d{6})(?![\d-])")
MY_NUMBER = re.compile(r"(?<![\d -])(\d{4})[- ]?(\d{4})[- ]?(\d{4})(?![\d -])")


def main() -> int:
    share, labels = Path(sys.argv[1]), Path(sys.argv[2])
    values: set[str] = set()
    for line in labels.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        if not label["personal"]:
            continue
        codec = CODECS.get(label["encoding"], "utf-8")
        # path_b64 holds the raw bytes of a name that is not UTF-8 (a CP932 file name).
        raw = base64.b64decode(label["path_b64"]) if "path_b64" in label else label["path"].encode()
        data = Path(os.fsdecode(os.fsencode(share) + b"/" + raw)).read_bytes()
        text = data.decode(codec, errors="replace")
        text = unicodedata.normalize("NFKC", text)
        for a, b in PENSION.findall(text):
            values.update((a + b, f"{a}-{b}"))
        for a, b, c in MY_NUMBER.findall(text):
            values.update((a + b + c, f"{a}-{b}-{c}", f"{a} {b} {c}"))
    json.dump(sorted(values), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
