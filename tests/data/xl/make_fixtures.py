#!/usr/bin/env python3
"""make_fixtures.py - the small workbooks tests/unit/check_xl.c reads.

Written as raw XML into zip files (python3's zipfile only), so each holds
exactly the feature under test and nothing a spreadsheet program adds.
Run from anywhere: python3 tests/data/xl/make_fixtures.py
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def write_zip(name, members, stored_first=None):
    path = os.path.join(HERE, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if stored_first:
            info = zipfile.ZipInfo(stored_first[0], FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, stored_first[1])
        for member, text in members:
            info = zipfile.ZipInfo(member, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return path


# ---------------------------------------------------------------- XLSX
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKGREL = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Relationships xmlns="{PKGREL}">'
    f'<Relationship Id="rId1" Type="{RELNS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def workbook(sheets, date1904=False, prefix=""):
    p = prefix + ":" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    pr = f'<{p}workbookPr date1904="1"/>' if date1904 else f"<{p}workbookPr/>"
    s = "".join(
        f'<{p}sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
        for i, n in enumerate(sheets)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<{p}workbook {ns} xmlns:r="{RELNS}">{pr}<{p}sheets>{s}</{p}sheets></{p}workbook>'
    )


def workbook_rels(targets, extra=()):
    r = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{RELNS}/worksheet" Target="{t}"/>'
        for i, t in enumerate(targets)
    )
    r += "".join(
        f'<Relationship Id="rIdx{i}" Type="{RELNS}/{kind}" Target="{t}"/>'
        for i, (kind, t) in enumerate(extra)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKGREL}">{r}</Relationships>'


def sheet(rows_xml, merges=(), prefix=""):
    p = prefix + ":" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    m = ""
    if merges:
        m = f'<{p}mergeCells count="{len(merges)}">' + "".join(
            f'<{p}mergeCell ref="{r}"/>' for r in merges) + f"</{p}mergeCells>"
    return (f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {ns}>'
            f"<{p}sheetData>{rows_xml}</{p}sheetData>{m}</{p}worksheet>")


STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<styleSheet xmlns="{MAIN}">'
    '<numFmts count="3">'
    '<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
    '<numFmt numFmtId="165" formatCode="0.0%"/>'
    '<numFmt numFmtId="166" formatCode="&quot;day&quot; 0"/>'
    "</numFmts>"
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="9">'
    '<xf numFmtId="0"/>'      # 0 General
    '<xf numFmtId="14"/>'     # 1 date (built-in)
    '<xf numFmtId="4"/>'      # 2 #,##0.00
    '<xf numFmtId="9"/>'      # 3 0%
    '<xf numFmtId="164"/>'    # 4 custom date
    '<xf numFmtId="165"/>'    # 5 0.0%
    '<xf numFmtId="49"/>'     # 6 text @
    '<xf numFmtId="166"/>'    # 7 quoted d: not a date
    '<xf numFmtId="3"/>'      # 8 #,##0
    "</cellXfs></styleSheet>"
)

SST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<sst xmlns="{MAIN}" count="4" uniqueCount="4">'
    "<si><t>Group</t></si>"
    '<si><r><t>Rich </t></r><r><rPr><b/></rPr><t xml:space="preserve">text</t></r>'
    "<rPh><t>PHONETIC</t></rPh></si>"
    "<si><t>00123</t></si>"
    "<si><t>line_x000D_break</t></si>"
    "</sst>"
)

# merged.xlsx: merges, shared strings (rich runs, phonetic, escapes),
# styles (dates, shown formats, text), cells without r, every type
merged_rows = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c>'
    '<c r="C2" t="str"><v>42</v></c><c r="D2" t="s"><v>3</v></c></row>'
    '<row r="3"><c r="A3" s="2"><v>5516.6500000000015</v></c>'
    '<c r="B3" s="3"><v>0.125</v></c><c r="C3" s="5"><v>0.12345</v></c>'
    '<c r="D3" s="8"><v>-1234.5</v></c><c r="E3" s="8"><v>12</v></c></row>'
    '<row r="4"><c r="A4" s="1"><v>43738</v></c><c r="B4" s="4"><v>43738.5</v></c>'
    '<c r="C4" s="6"><v>123</v></c><c r="D4" s="7"><v>5</v></c>'
    '<c r="E4" s="1"><v>60</v></c></row>'
    # no r on row or cells: row 5, columns A, B, C...
    '<row><c t="b"><v>1</v></c><c t="e"><v>#DIV/0!</v></c><c><v>7</v></c>'
    '<c s="1"/><c t="d"><v>2019-09-30T12:00:00</v></c></row>'
)
write_zip("merged.xlsx", [
    ("[Content_Types].xml", CONTENT_TYPES),
    ("_rels/.rels", ROOT_RELS),
    ("xl/workbook.xml", workbook(["Merged", "Blank"])),
    ("xl/_rels/workbook.xml.rels", workbook_rels(
        ["worksheets/sheet1.xml", "worksheets/sheet2.xml"],
        [("styles", "styles.xml"), ("sharedStrings", "sharedStrings.xml")])),
    ("xl/styles.xml", STYLES),
    ("xl/sharedStrings.xml", SST),
    ("xl/worksheets/sheet1.xml", sheet(merged_rows, ["A1:C1", "E1:E2"])),
    ("xl/worksheets/sheet2.xml", sheet("")),
])

# date1904.xlsx: the 1904 date system; prefixed elements (x:), as .NET
# writers do; targets given from the root
d1904_rows = ('<x:row r="1"><x:c r="A1" s="1"><x:v>0</x:v></x:c>'
              '<x:c r="B1" s="1"><x:v>1462.25</x:v></x:c>'
              '<x:c r="C1"><x:v>1462</x:v></x:c></x:row>')
write_zip("date1904.xlsx", [
    ("[Content_Types].xml", CONTENT_TYPES),
    ("_rels/.rels", ROOT_RELS),
    ("xl/workbook.xml", workbook(["Dates"], date1904=True, prefix="x")),
    ("xl/_rels/workbook.xml.rels", workbook_rels(
        ["/xl/worksheets/sheet1.xml"], [("styles", "/xl/styles.xml")])),
    ("xl/styles.xml", STYLES),
    ("xl/worksheets/sheet1.xml", sheet(d1904_rows, prefix="x")),
])

# inline.xlsx: inline strings and no shared strings or styles at all
inline_rows = (
    '<row r="2"><c r="B2" t="inlineStr"><is><t>inline text</t></is></c>'
    '<c r="C2" t="inlineStr"><is><r><t>two </t></r><r><t>runs</t></r></is></c>'
    '<c r="D2" t="inlineStr"><is><t></t></is></c></row>'
    '<row r="3"><c r="B3"><v>1.5</v></c></row>'
)
write_zip("inline.xlsx", [
    ("[Content_Types].xml", CONTENT_TYPES),
    ("_rels/.rels", ROOT_RELS),
    ("xl/workbook.xml", workbook(["Inline"])),
    ("xl/_rels/workbook.xml.rels", workbook_rels(["worksheets/sheet1.xml"])),
    ("xl/worksheets/sheet1.xml", sheet(inline_rows)),
])

# doctype.xlsx: a "billion laughs" in the worksheet
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
              for i in range(1, 10))
    + f']><worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
    "<is><t>&lol9;</t></is></c></row></sheetData></worksheet>"
)
write_zip("doctype.xlsx", [
    ("[Content_Types].xml", CONTENT_TYPES),
    ("_rels/.rels", ROOT_RELS),
    ("xl/workbook.xml", workbook(["Laughs"])),
    ("xl/_rels/workbook.xml.rels", workbook_rels(["worksheets/sheet1.xml"])),
    ("xl/worksheets/sheet1.xml", LAUGHS),
])

# truncated.xlsx: merged.xlsx cut in half, as an interrupted download is
with open(os.path.join(HERE, "merged.xlsx"), "rb") as f:
    whole = f.read()
with open(os.path.join(HERE, "truncated.xlsx"), "wb") as f:
    f.write(whole[: len(whole) // 2])

# ---------------------------------------------------------------- ODS
ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)
MIMETYPE = ("mimetype", "application/vnd.oasis.opendocument.spreadsheet")


def manifest(encrypted=False):
    enc = ('<manifest:encryption-data manifest:checksum-type="SHA1/1K" '
           'manifest:checksum="AAAA"><manifest:algorithm '
           'manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>'
           "</manifest:encryption-data>") if encrypted else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{enc}</manifest:file-entry></manifest:manifest>"
    )


def content(tables):
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>'
            f"<office:body><office:spreadsheet>{tables}</office:spreadsheet>"
            "</office:body></office:document-content>")


EMPTY_TAIL = ('<table:table-row table:number-rows-repeated="1048558">'
              '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>')
repeat_table = (
    '<table:table table:name="Repeats">'
    '<table:table-column table:number-columns-repeated="16384"/>'
    # row 1: a merged title over 3 columns (covered cells follow), a float
    # shown rounded, a percentage, a date
    "<table:table-row>"
    '<table:table-cell office:value-type="string" table:number-columns-spanned="3" '
    'table:number-rows-spanned="2"><text:p>Title</text:p></table:table-cell>'
    '<table:covered-table-cell table:number-columns-repeated="2">'
    "<text:p>hidden</text:p></table:covered-table-cell>"
    '<table:table-cell office:value-type="float" office:value="5516.6500000000015">'
    "<text:p>5,516.65</text:p></table:table-cell>"
    '<table:table-cell office:value-type="percentage" office:value="0.12">'
    "<text:p>12%</text:p></table:table-cell>"
    '<table:table-cell office:value-type="date" office:date-value="2019-09-30">'
    "<text:p>30/09/2019</text:p></table:table-cell>"
    '<table:table-cell office:value-type="date" office:date-value="2019-09-30T18:00:00">'
    "<text:p>2019-09-30T18:00:00</text:p></table:table-cell>"
    '<table:table-cell table:number-columns-repeated="16377"/>'
    "</table:table-row>"
    # row 2: covered cells of the title, then text with spaces, tabs, two
    # paragraphs, a span, a link and a comment that is not the cell's text
    '<table:table-row><table:covered-table-cell table:number-columns-repeated="3"/>'
    '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b'
    "<text:tab/>c</text:p><text:p><text:span>d</text:span> <text:a>e</text:a>"
    "<text:line-break/>f</text:p><office:annotation><text:p>a comment</text:p>"
    "</office:annotation></table:table-cell>"
    '<table:table-cell office:value-type="boolean" office:boolean-value="true">'
    "<text:p>TRUE</text:p></table:table-cell>"
    '<table:table-cell office:value-type="time" office:time-value="PT18H00M00S">'
    "<text:p>18:00:00</text:p></table:table-cell>"
    '<table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p>'
    "</table:table-cell>"
    '<table:table-cell office:value-type="string"><text:p/><text:p/></table:table-cell>'
    "</table:table-row>"
    # 1000 empty rows, then a value repeated over 3 columns and 2 rows
    '<table:table-row table:number-rows-repeated="1000">'
    '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    '<table:table-row table:number-rows-repeated="2">'
    '<table:table-cell table:number-columns-repeated="2"/>'
    '<table:table-cell office:value-type="float" office:value="1" '
    'table:number-columns-repeated="3"><text:p>1</text:p></table:table-cell>'
    '<table:table-cell table:number-columns-repeated="16379"/></table:table-row>'
    + EMPTY_TAIL + "</table:table>"
)
second_table = (
    '<table:table table:name="Second"><table:table-row>'
    '<table:table-cell office:value-type="string"><text:p>only</text:p></table:table-cell>'
    "</table:table-row></table:table>"
)
write_zip("repeat.ods", [
    ("META-INF/manifest.xml", manifest()),
    ("content.xml", content(repeat_table + second_table)),
], stored_first=MIMETYPE)

# bomb.ods: one value in every cell of a whole sheet (17 billion cells)
bomb_table = (
    '<table:table table:name="Bomb">'
    '<table:table-row table:number-rows-repeated="1048576">'
    '<table:table-cell office:value-type="float" office:value="1" '
    'table:number-columns-repeated="16384"/></table:table-row></table:table>'
)
write_zip("bomb.ods", [
    ("META-INF/manifest.xml", manifest()),
    ("content.xml", content(bomb_table)),
], stored_first=MIMETYPE)

# encrypted.ods: what LibreOffice writes with a password: the manifest
# says so, and content.xml is ciphertext
write_zip("encrypted.ods", [
    ("META-INF/manifest.xml", manifest(encrypted=True)),
    ("content.xml", bytes(range(256)) * 4),
], stored_first=MIMETYPE)

# prefixes.ods: what a reader starting a sheet at its table must carry
# over: prefixes of the producer's choosing (o:, t:, x:), declared on
# office:body and office:spreadsheet rather than the root, a comment and a
# text naming "<t:table" between the tables, a table inside a cell, and a
# sheet name with characters that must be escaped
def pcell(v):
    return f'<t:table-cell o:value-type="float" o:value="{v}"><x:p>{v}</x:p></t:table-cell>'


prefix_tables = (
    '<t:table t:name="One"><t:table-row>'
    '<t:table-cell o:value-type="string"><x:p>a &amp; b</x:p></t:table-cell>'
    + pcell(1) + "</t:table-row></t:table>"
    "<!-- <t:table t:name=\"Not a sheet\"> -->"
    '<t:table t:name="Two &amp; &quot;three&quot;"><t:table-row>'
    '<t:table-cell o:value-type="string"><x:p>outer</x:p>'
    '<t:table t:name="Inner"><t:table-row>' + pcell(99) + "</t:table-row></t:table>"
    "</t:table-cell>" + pcell(2) + "</t:table-row>"
    '<t:table-row t:number-rows-repeated="3">' + pcell(3) + "</t:table-row></t:table>"
    '<t:table t:name="Three"><t:table-row>' + pcell(4) + pcell(5)
    + "</t:table-row></t:table>"
)
write_zip("prefixes.ods", [
    ("META-INF/manifest.xml", manifest()),
    ("content.xml",
     '<?xml version="1.0" encoding="UTF-8"?>'
     '<o:document-content xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
     '<o:body xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
     '<o:spreadsheet xmlns:x="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
     + prefix_tables + '</o:spreadsheet><t:table t:name="After the spreadsheet"/>'
     "</o:body></o:document-content>"),
], stored_first=MIMETYPE)

# latin1.ods, utf16.ods: content.xml in another encoding than UTF-8 (ISO
# 8859-1 declared; UTF-16 with a byte order mark): a reader starting a
# sheet at its table would misread it, so these are read from the top
def encoded_content(encoding, codec):
    tables = ('<table:table table:name="Caf\u00e9"><table:table-row>'
              '<table:table-cell office:value-type="string"><text:p>na\u00efve</text:p>'
              "</table:table-cell></table:table-row></table:table>"
              '<table:table table:name="Deux"><table:table-row>'
              '<table:table-cell office:value-type="string"><text:p>\u00e9t\u00e9</text:p>'
              "</table:table-cell></table:table-row></table:table>")
    xml = content(tables).replace('encoding="UTF-8"', f'encoding="{encoding}"')
    return xml.encode(codec)


write_zip("latin1.ods", [
    ("META-INF/manifest.xml", manifest()),
    ("content.xml", encoded_content("ISO-8859-1", "latin-1")),
], stored_first=MIMETYPE)
write_zip("utf16.ods", [
    ("META-INF/manifest.xml", manifest()),
    ("content.xml", encoded_content("UTF-16", "utf-16")),
], stored_first=MIMETYPE)

# ---------------------------------------------------------------- seeds
# The fuzz targets' seeds (fuzz/seeds/ods, fuzz/seeds/xlsx): the same
# workbooks with every member stored, not deflated, so that the fuzzer's
# mutations land in the XML itself.
SEEDS = os.path.join(HERE, "..", "..", "..", "fuzz", "seeds")
for name in sorted(os.listdir(HERE)):
    kind = name.rsplit(".", 1)[-1]
    if kind not in ("ods", "xlsx"):
        continue
    os.makedirs(os.path.join(SEEDS, kind), exist_ok=True)
    if not zipfile.is_zipfile(os.path.join(HERE, name)):
        continue  # truncated.xlsx: only as written, below
    with zipfile.ZipFile(os.path.join(HERE, name)) as src, zipfile.ZipFile(
            os.path.join(SEEDS, kind, name.rsplit(".", 1)[0]), "w",
            zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            out = zipfile.ZipInfo(info.filename, FIXED_TIME)
            dst.writestr(out, src.read(info.filename))
for name in sorted(os.listdir(HERE)):
    kind = name.rsplit(".", 1)[-1]
    if kind not in ("ods", "xlsx"):
        continue
    # and as written, deflated, for the inflating path
    with open(os.path.join(HERE, name), "rb") as src, open(
            os.path.join(SEEDS, kind, name.rsplit(".", 1)[0] + "-deflated"), "wb") as dst:
        dst.write(src.read())
