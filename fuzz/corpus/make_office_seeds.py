#!/usr/bin/python3
"""Writes the seed corpora of xlsx_fuzz, ods_fuzz and docx_fuzz (fuzz/corpus/{xlsx,ods,docx}).

Run from the repository root: /usr/bin/python3 fuzz/corpus/make_office_seeds.py
Needs python3-openpyxl for the openpyxl seed; the others are written with zipfile.
"""
import datetime
import os
import zipfile

ROOT = os.path.dirname(os.path.abspath(__file__))
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def write(path, members, first_stored=False):
    """Writes the package deflated, and a stored copy (-stored) whose XML the fuzzer can see."""
    stem, extension = os.path.splitext(path)
    for target, method in [(path, zipfile.ZIP_DEFLATED), (stem + "-stored" + extension, zipfile.ZIP_STORED)]:
        with zipfile.ZipFile(target, "w", method) as archive:
            for index, (name, content) in enumerate(members):
                kind = zipfile.ZIP_STORED if first_stored and index == 0 else method
                archive.writestr(zipfile.ZipInfo(name), content, compress_type=kind)


def rels(targets):
    items = "".join(f'<Relationship Id="rId{i + 1}" Type="{REL}{t}" Target="{p}"/>'
                    for i, (t, p) in enumerate(targets))
    return f'<?xml version="1.0"?><Relationships xmlns="{RELS_NS}">{items}</Relationships>'


def xlsx_seeds():
    out = os.path.join(ROOT, "xlsx")
    os.makedirs(out, exist_ok=True)
    try:
        import openpyxl
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "名簿"
        sheet.append(["氏名", "基礎年金番号", "個人番号", "生年月日"])
        sheet.append(["山田太郎", 1234567890, 123456789012, datetime.date(1980, 4, 1)])
        book.create_sheet("二")["B2"] = "東京都千代田区"
        book.save(os.path.join(out, "openpyxl.xlsx"))
    except ImportError:
        pass
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
             '<row><c t="inlineStr"><is><r><t>山田</t></r><r><t>太郎</t></r><rPh><t>ヤマダ</t></rPh></is></c>'
             '<c s="1"><v>29312</v></c><c s="2"><v>1.23456789012E+11</v></c><c t="b"><v>1</v></c>'
             '<c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>x</v></c></row></sheetData></worksheet>')
    styles = (f'<styleSheet xmlns="{MAIN}"><numFmts><numFmt numFmtId="176" '
              'formatCode="[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
              '<numFmt numFmtId="177" formatCode="000000000000"/></numFmts>'
              '<cellXfs><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="177"/></cellXfs></styleSheet>')
    strings = f'<sst xmlns="{MAIN}"><si><t>氏名</t></si><si><t>生年月日</t></si></sst>'
    workbook = (f'<workbook xmlns="{MAIN}" xmlns:r="{REL[:-1]}"><workbookPr date1904="0"/>'
                '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
    write(os.path.join(out, "handmade.xlsx"), [
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", rels([("officeDocument", "xl/workbook.xml")])),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels([("worksheet", "worksheets/sheet1.xml"),
                                             ("styles", "styles.xml"),
                                             ("sharedStrings", "/xl/sharedStrings.xml")])),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/styles.xml", styles),
        ("xl/sharedStrings.xml", strings),
    ])


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
MANIFEST = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{}'
            '</manifest:file-entry></manifest:manifest>')


def ods_seeds():
    out = os.path.join(ROOT, "ods")
    os.makedirs(out, exist_ok=True)
    sheet = ('<office:spreadsheet><table:table table:name="名簿"><table:table-row>'
             '<table:table-cell office:value-type="string"><text:p>氏名</text:p></table:table-cell>'
             '<table:table-cell office:value-type="string"><text:p>生年月日</text:p></table:table-cell>'
             '</table:table-row><table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
             '<table:table-row><table:table-cell><text:p>山田<text:s text:c="2"/>太郎</text:p></table:table-cell>'
             '<table:table-cell office:value-type="date" office:date-value="1980-04-01T00:00:00"/>'
             '<table:table-cell office:value-type="float" office:value="1234567890" table:number-columns-repeated="2"/>'
             '</table:table-row></table:table></office:spreadsheet>')
    text = ('<office:text><text:h>顧客</text:h><text:p>担当<text:tab/>山田</text:p>'
            '<table:table table:name="表1"><table:table-row><table:table-cell><text:p>氏名</text:p>'
            '</table:table-cell></table:table-row></table:table><text:p>以上</text:p></office:text>')
    for name, mime, body, encrypted in [
            ("sheet.ods", "spreadsheet", sheet, False),
            ("text.odt", "text", text, False),
            ("encrypted.ods", "spreadsheet", "", True)]:
        content = f'<office:document-content {ODF_NS}><office:body>{body}</office:body></office:document-content>'
        encryption = '<manifest:encryption-data><manifest:algorithm/></manifest:encryption-data>'
        write(os.path.join(out, name), [
            ("mimetype", "application/vnd.oasis.opendocument." + mime),
            ("content.xml", "\x8f encrypted" if encrypted else content),
            ("META-INF/manifest.xml", MANIFEST.format(encryption if encrypted else "")),
        ], first_stored=True)


def docx_seeds():
    out = os.path.join(ROOT, "docx")
    os.makedirs(out, exist_ok=True)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = ('<w:p><w:r><w:t>お客様</w:t><w:tab/><w:t>各位</w:t></w:r></w:p>'
            '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>氏名</w:t></w:r></w:p></w:tc></w:tr>'
            '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>山田太郎</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    write(os.path.join(out, "document.docx"), [
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", rels([("officeDocument", "word/document.xml")])),
        ("word/document.xml", f'<w:document {w}><w:body>{body}</w:body></w:document>'),
    ])
    a = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
         'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
         f'xmlns:r="{REL[:-1]}"')
    slide = (f'<p:sld {a}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>山田</a:t></a:r><a:br/>'
             '</a:p></p:txBody></p:sp><a:tbl><a:tr><a:tc><a:txBody><a:p><a:r><a:t>氏名</a:t></a:r></a:p>'
             '</a:txBody></a:tc></a:tr></a:tbl></p:spTree></p:cSld></p:sld>')
    write(os.path.join(out, "slides.pptx"), [
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", rels([("officeDocument", "ppt/presentation.xml")])),
        ("ppt/presentation.xml", f'<p:presentation {a}><p:sldIdLst><p:sldId id="256" r:id="rId1"/>'
                                 '</p:sldIdLst></p:presentation>'),
        ("ppt/_rels/presentation.xml.rels", rels([("slide", "slides/slide1.xml")])),
        ("ppt/slides/slide1.xml", slide),
    ])


if __name__ == "__main__":
    xlsx_seeds()
    ods_seeds()
    docx_seeds()
