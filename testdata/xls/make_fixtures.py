#!/usr/bin/python3
"""Makes the OLE2 fixtures of testdata/xls/ (Excel 97-2003 and 5/95, Word 97-2003,
encrypted OOXML) with independent writers: python3-xlwt, LibreOffice through its Python
bridge (python3-uno), the npm package officecrypto-tool, and, for the few variants no tool
writes on demand (XOR-obfuscated FILEPASS, broken chains), a minimal compound-file writer
below. Run from the repository root:

    /usr/bin/python3 testdata/xls/make_fixtures.py

Needs Debian python3-xlwt, python3-uno, libreoffice-calc, libreoffice-writer, node, and
officecrypto-tool under build/fixture-tools/node_modules (tools/ set-up script).
"""
import datetime
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

import xlwt

OUT = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(OUT))


# --- python3-xlwt -----------------------------------------------------------------------

def make_xlwt_basic():
    """Two sheets; SST strings, a 10-digit and a 12-digit number, dates, a float."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名簿")
    date = xlwt.easyxf(num_format_str="yyyy/mm/dd")
    era = xlwt.easyxf(num_format_str='[$-411]ggge"年"m"月"d"日"')
    for column, label in enumerate(["氏名", "基礎年金番号", "生年月日", "個人番号", "金額", "登録日"]):
        sheet.write(0, column, label)
    rows = [
        ("山田 太郎", 1234567890, datetime.date(1970, 3, 2), 123456789018, 1234.5,
         datetime.date(2015, 5, 8)),
        ("佐藤 花子", 9876543210, datetime.date(1985, 12, 31), 987654321098, -7, datetime.date(2015, 5, 21)),
    ]
    for row, values in enumerate(rows, start=1):
        sheet.write(row, 0, values[0])
        sheet.write(row, 1, values[1])
        sheet.write(row, 2, values[2], date)
        sheet.write(row, 3, values[3])
        sheet.write(row, 4, values[4])
        sheet.write(row, 5, values[5], era)
    second = book.add_sheet("Sheet2")
    second.write(0, 0, "メモ")
    second.write(4, 2, "東京都千代田区1-2-3")
    book.save(os.path.join(OUT, "basic.xls"))


def make_xlwt_sst_continue():
    """A shared string table of about 40 KB, so its strings are split across CONTINUE
    records, switching between 8-bit and 16-bit characters at the boundaries."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("List")
    sheet.write(0, 0, "No")
    sheet.write(0, 1, "Name")
    for i in range(1, 801):
        sheet.write(i, 0, i)
        # Alternate long ASCII and long Japanese strings: the boundary falls inside both.
        if i % 2:
            sheet.write(i, 1, "name-%04d-" % i + "x" * 37)
        else:
            sheet.write(i, 1, "氏名%04d" % i + "山田太郎" * 9)
    book.save(os.path.join(OUT, "sst_continue.xls"))


# --- LibreOffice ------------------------------------------------------------------------

FODS = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="N1"><number:year number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:day number:style="long"/></number:date-style>
 <style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
 <number:number-style style:name="N2"><number:number number:decimal-places="0" number:min-integer-digits="10"/></number:number-style>
 <style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="名簿">
 <table:table-row>
  <table:table-cell office:value-type="string"><text:p>氏名</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>基礎年金番号</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>生年月日</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>点数A</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>点数B</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>宛名</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>番号</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>確認</text:p></table:table-cell>
 </table:table-row>
 <table:table-row>
  <table:table-cell office:value-type="string"><text:p>山田 太郎</text:p></table:table-cell>
  <table:table-cell office:value-type="float" office:value="1234567890"/>
  <table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="1970-03-02"/>
  <table:table-cell office:value-type="float" office:value="5"/>
  <table:table-cell office:value-type="float" office:value="6.25"/>
  <table:table-cell table:formula="of:=[.A2]&amp;&quot;様&quot;" office:value-type="string" office:string-value="山田 太郎様"><text:p>山田 太郎様</text:p></table:table-cell>
  <table:table-cell table:style-name="ce2" office:value-type="float" office:value="123456789"/>
  <table:table-cell office:value-type="boolean" office:boolean-value="true"/>
 </table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document>
"""

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
 <text:p>給付研究委員会オープンセミナーのご案内</text:p>
 <text:p>基礎年金番号 1234-567890 山田 太郎 昭和45年3月2日生</text:p>
 <text:p>詳細は <text:a xlink:type="simple" xlink:href="http://example.com/seminar">こちら</text:a> をご覧ください。</text:p>
 <table:table table:name="T1">
  <table:table-column table:number-columns-repeated="2"/>
  <table:table-row>
   <table:table-cell office:value-type="string"><text:p>氏名</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>住所</text:p></table:table-cell>
  </table:table-row>
  <table:table-row>
   <table:table-cell office:value-type="string"><text:p>佐藤 花子</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>東京都千代田区1-2-3</text:p></table:table-cell>
  </table:table-row>
 </table:table>
 <text:p>以上</text:p>
</office:text></office:body></office:document>
"""

# A Word table as LibreOffice writes it to .doc: a header row, an empty cell (which looks like
# a row end without the paragraph properties), a cell of two paragraphs, an empty first cell,
# then a paragraph and a second table.
TABLE_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
 <text:p>受給者一覧</text:p>
 <table:table table:name="T1">
  <table:table-column table:number-columns-repeated="4"/>
  <table:table-row>
   <table:table-cell office:value-type="string"><text:p>氏名</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>基礎年金番号</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>生年月日</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>住所</text:p></table:table-cell>
  </table:table-row>
  <table:table-row>
   <table:table-cell office:value-type="string"><text:p>山田 太郎</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>1234-567890</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>昭和45年3月2日</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>東京都千代田区1-2-3</text:p></table:table-cell>
  </table:table-row>
  <table:table-row>
   <table:table-cell office:value-type="string"><text:p>佐藤 花子</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>2345-678901</text:p></table:table-cell>
   <table:table-cell/>
   <table:table-cell office:value-type="string"><text:p>大阪府大阪市北区1-1</text:p></table:table-cell>
  </table:table-row>
  <table:table-row>
   <table:table-cell office:value-type="string"><text:p>鈴木 一郎</text:p><text:p>すずき いちろう</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>3456-789012</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>平成2年5月1日</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>福岡県福岡市中央区2-3</text:p></table:table-cell>
  </table:table-row>
  <table:table-row>
   <table:table-cell/>
   <table:table-cell office:value-type="string"><text:p>4567-890123</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>昭和50年1月1日</text:p></table:table-cell>
   <table:table-cell/>
  </table:table-row>
 </table:table>
 <text:p>以上</text:p>
 <table:table table:name="T2">
  <table:table-column table:number-columns-repeated="2"/>
  <table:table-row>
   <table:table-cell office:value-type="string"><text:p>品名</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>数量</text:p></table:table-cell>
  </table:table-row>
  <table:table-row>
   <table:table-cell office:value-type="string"><text:p>りんご</text:p></table:table-cell>
   <table:table-cell office:value-type="string"><text:p>300</text:p></table:table-cell>
  </table:table-row>
 </table:table>
</office:text></office:body></office:document>
"""


def libreoffice_conversions(work):
    import uno
    from com.sun.star.beans import PropertyValue

    def props(**values):
        out = []
        for name, value in values.items():
            prop = PropertyValue()
            prop.Name = name
            prop.Value = value
            out.append(prop)
        return tuple(out)

    pipe = "mamori_ole_fixtures_%d" % os.getpid()
    profile = os.path.join(work, "profile")
    office = subprocess.Popen([
        "soffice", "--headless", "--invisible", "--norestore", "--nologo",
        "-env:UserInstallation=file://" + profile,
        "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe])
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        context = None
        for _ in range(120):
            try:
                context = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:  # office still starting
                time.sleep(0.5)
        if context is None:
            sys.exit("LibreOffice did not start")
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context)

        def convert(source, target, filter_name, password=None):
            document = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(source), "_blank", 0, props(Hidden=True))
            if source.endswith(".fods"):
                document.calculateAll()  # cached formula results, as Excel saves them
            options = {"FilterName": filter_name, "Overwrite": True}
            if password:
                options["Password"] = password
            document.storeToURL(uno.systemPathToFileUrl(target), props(**options))
            document.close(True)

        sheet = os.path.join(work, "sheet.fods")
        text = os.path.join(work, "text.fodt")
        with open(sheet, "w", encoding="utf-8") as f:
            f.write(FODS)
        with open(text, "w", encoding="utf-8") as f:
            f.write(FODT)
        table = os.path.join(work, "table.fodt")
        with open(table, "w", encoding="utf-8") as f:
            f.write(TABLE_FODT)
        convert(sheet, os.path.join(OUT, "libreoffice.xls"), "MS Excel 97")
        convert(sheet, os.path.join(OUT, "password.xls"), "MS Excel 97", password="pw")
        convert(sheet, os.path.join(work, "plain.xlsx"), "Calc MS Excel 2007 XML")
        convert(text, os.path.join(OUT, "text.doc"), "MS Word 97")
        convert(text, os.path.join(OUT, "password.doc"), "MS Word 97", password="pw")
        convert(table, os.path.join(OUT, "table.doc"), "MS Word 97")
        desktop.terminate()
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


def encrypt_ooxml(work):
    tools = os.path.join(ROOT, "build", "fixture-tools", "node_modules")
    script = os.path.join(ROOT, "testdata", "fixtures", "encrypt-ooxml.js")
    env = dict(os.environ, NODE_PATH=tools)
    plain = os.path.join(work, "plain.xlsx")
    subprocess.run(["node", script, "encrypt", plain, os.path.join(OUT, "encrypted.xlsx"), "pw"],
                   check=True, env=env)
    subprocess.run(["node", script, "encrypt", plain,
                    os.path.join(OUT, "encrypted_standard.xlsx"), "pw", "standard"],
                   check=True, env=env)


# --- a minimal compound-file writer -----------------------------------------------------

FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def compound_file(streams):
    """A version-3 compound file (512-byte sectors) with `streams`, a list of (name, bytes),
    all under the root; streams below 4096 bytes go to the mini stream."""
    mini, mini_fat, entries, big = bytearray(), [], [], []
    for name, data in streams:
        if len(data) < 4096:
            count = (len(data) + 63) // 64
            start = len(mini_fat) if count else END
            mini_fat += [len(mini_fat) + i + 1 for i in range(count)]
            if count:
                mini_fat[-1] = END
            mini += data + b"\0" * (count * 64 - len(data))
            entries.append((name, start, len(data)))
        else:
            big.append((name, data))
            entries.append((name, None, len(data)))

    def sectors(n):
        return (n + 511) // 512

    runs = []  # (what, bytes) laid out after the FAT sectors
    directory = bytearray()
    runs.append(("dir", sectors(128 * (len(entries) + 1))))
    runs.append(("minifat", sectors(4 * len(mini_fat))))
    runs.append(("mini", sectors(len(mini))))
    for name, data in big:
        runs.append((name, sectors(len(data))))
    used = sum(n for _, n in runs)
    fat_sectors = 1
    while fat_sectors * 128 < used + fat_sectors:
        fat_sectors += 1
    fat = [FATSECT] * fat_sectors
    starts = {}
    for what, n in runs:
        starts[what] = len(fat) if n else END
        fat += [len(fat) + i + 1 for i in range(n)]
        if n:
            fat[-1] = END
    fat += [FREE] * (fat_sectors * 128 - len(fat))

    def entry(name, kind, start, size, child=FREE, right=FREE):
        raw = name.encode("utf-16-le")
        return (raw + b"\0" * (64 - len(raw)) + struct.pack("<HBB", len(raw) + 2, kind, 1) +
                struct.pack("<III", FREE, right, child) + b"\0" * 36 +
                struct.pack("<IQ", start, size))

    directory += entry("Root Entry", 5, starts["mini"], len(mini), child=1 if entries else FREE)
    for i, (name, start, size) in enumerate(entries):
        if start is None:
            start = starts[name]
        right = i + 2 if i + 1 < len(entries) else FREE
        directory += entry(name, 2, start, size, right=right)
    directory += b"\0" * (sectors(len(directory)) * 512 - len(directory))

    header = bytearray(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, fat_sectors, starts["dir"], 0, 4096,
                          starts["minifat"], sectors(4 * len(mini_fat)), END, 0)
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header += struct.pack("<109I", *difat)

    body = bytearray(struct.pack("<%dI" % len(fat), *fat))
    body += directory
    mf = struct.pack("<%dI" % len(mini_fat), *mini_fat)
    body += mf + b"\0" * (sectors(len(mf)) * 512 - len(mf))
    body += mini + b"\0" * (sectors(len(mini)) * 512 - len(mini))
    for _, data in big:
        body += data + b"\0" * (sectors(len(data)) * 512 - len(data))
    return bytes(header) + bytes(body)


def biff(record_type, data=b""):
    return struct.pack("<HH", record_type, len(data)) + data


def make_biff5():
    """An Excel 5/95 "Book" stream with CP932 text (LibreOffice 7.4 no longer exports
    BIFF5): a sheet named in CP932, LABEL cells in CP932, an RK integer, a NUMBER, a date."""
    def label(row, column, text):
        raw = text.encode("cp932")
        return biff(0x0204, struct.pack("<HHHH", row, column, 15, len(raw)) + raw)

    def rk_int(row, column, value, xf=15):
        return biff(0x027E, struct.pack("<HHHI", row, column, xf, (value << 2) | 2))

    name = "名簿".encode("cp932")
    bof_globals = biff(0x0809, struct.pack("<HHHH", 0x0500, 0x0005, 0x0DBB, 0x07CC))
    xf = struct.pack("<HHHHHHHH", 0, 0, 0xFFF5, 0, 0, 0, 0, 0)  # 16 bytes, format 0
    date_xf = struct.pack("<HHHHHHHH", 0, 14, 0x0001, 0, 0, 0, 0, 0)  # format 14 (m/d/yy)
    globals_tail = biff(0x0042, struct.pack("<H", 932))
    globals_tail += biff(0x0022, struct.pack("<H", 0))
    globals_tail += b"".join(biff(0x00E0, xf) for _ in range(16)) + biff(0x00E0, date_xf)
    sheet_record_size = 4 + 6 + 1 + len(name)
    sheet_offset = len(bof_globals) + len(globals_tail) + sheet_record_size + 4
    boundsheet = biff(0x0085, struct.pack("<IBBB", sheet_offset, 0, 0, len(name)) + name)
    sheet = biff(0x0809, struct.pack("<HHHH", 0x0500, 0x0010, 0x0DBB, 0x07CC))
    sheet += label(0, 0, "氏名") + label(0, 1, "基礎年金番号") + label(0, 2, "生年月日")
    sheet += label(1, 0, "山田 太郎") + rk_int(1, 1, 123456789)
    sheet += biff(0x0203, struct.pack("<HHHd", 1, 2, 16, 25629.0))  # 1970-03-02
    sheet += label(2, 0, "ｻﾄｳ ﾊﾅｺ") + biff(0x0203, struct.pack("<HHHd", 2, 1, 15, 9876543210.0))
    sheet += biff(0x000A)
    stream = bof_globals + globals_tail + boundsheet + biff(0x000A) + sheet
    assert stream[sheet_offset:sheet_offset + 2] == b"\x09\x08"
    with open(os.path.join(OUT, "biff5.xls"), "wb") as f:
        f.write(compound_file([("Book", stream)]))


def make_handmade():
    # BIFF8 globals with an XOR-obfuscated FILEPASS right after BOF (Excel's "password to
    # open" of Excel 95 files re-saved by some tools).
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0006)
    stream = biff(0x0809, bof) + biff(0x002F, struct.pack("<HHH", 0, 0x1234, 0xABCD))
    stream += biff(0x000A)
    with open(os.path.join(OUT, "xor.xls"), "wb") as f:
        f.write(compound_file([("Workbook", stream)]))
    # The two streams of an encrypted OOXML package, with no real encryption inside.
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version=\"1.0\"?><encryption/>"
    package = struct.pack("<Q", 100) + b"\0" * 112
    with open(os.path.join(OUT, "minimal_encrypted.docx"), "wb") as f:
        f.write(compound_file([("EncryptionInfo", info), ("EncryptedPackage", package)]))


def main():
    make_xlwt_basic()
    make_xlwt_sst_continue()
    make_handmade()
    make_biff5()
    work = tempfile.mkdtemp(prefix="mamori-ole-")
    try:
        libreoffice_conversions(work)
        encrypt_ooxml(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
