#!/usr/bin/env python3
"""Writes data/complaints_table.ods: national police complaint figures from
national_complaints.csv laid out the way UK official statistics publish
their data tables (a cover sheet; a table sheet with a title, a note, a
header of two rows with a merged group label, a marker for figures not in
the bundled data, and a source line below), so help() and the tutorial can
show load_sheet() on a workbook that ships with oversight.

Run from the source tree: python3 data/make_workbook.py. Uses only the
standard library (the ODS is written as its XML); the output is the same
bytes on every run."""

import csv
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
MEASURES = [
    ("complaint_cases_logged", "Complaint cases logged"),
    ("complaint_cases_recorded_schedule3", "Complaint cases recorded under Schedule 3"),
    ("allegations_logged", "Allegations logged"),
    ("complaint_cases_finalised", "Complaint cases finalised"),
]
YEARS = ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'office:version="1.2"'
)


def text_cell(s, span=0):
    extra = f' table:number-columns-spanned="{span}"' if span else ""
    return (f'<table:table-cell office:value-type="string"{extra}>'
            f"<text:p>{escape(s)}</text:p></table:table-cell>")


def num_cell(v):
    shown = f"{v:,}"
    return (f'<table:table-cell office:value-type="float" office:value="{v}">'
            f"<text:p>{shown}</text:p></table:table-cell>")


def empty(n=1):
    if n == 1:
        return "<table:table-cell/>"
    return f'<table:table-cell table:number-columns-repeated="{n}"/>'


def covered(n):
    return f'<table:covered-table-cell table:number-columns-repeated="{n}"/>'


def row(*cells):
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


def blank_row():
    return row(empty())


def main():
    values = {}
    sources = set()
    with open(os.path.join(HERE, "national_complaints.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if (r["area"] == "England and Wales" and r["value"] and r["year"] in YEARS
                    and r["measure"] in dict(MEASURES)):
                values[(r["measure"], r["year"])] = int(r["value"])
                sources.add(r["source_id"])
    ids = sorted(sources)

    cover = [
        row(text_cell("Police complaints, England and Wales: figures bundled with oversight")),
        blank_row(),
        row(text_cell("Made by oversight's data/make_workbook.py from data/national_complaints.csv, "
                      "whose figures were transcribed from IOPC annual complaints statistics.")),
        row(text_cell("Table_1: complaint cases and allegations, 2020/21 to 2024/25")),
    ]
    t1 = [
        row(text_cell("Table 1: Complaint cases and allegations, England and Wales, "
                      "2020/21 to 2024/25")),
        row(text_cell("Counts as published by the IOPC for each year ending 31 March. "
                      "[x] = not available in oversight's bundled figures.")),
        blank_row(),
        row(text_cell("Measure"), text_cell("Year ending 31 March", span=len(YEARS)),
            covered(len(YEARS) - 1)),
        row(empty(), *[text_cell(y) for y in YEARS]),
    ]
    for key, label in MEASURES:
        cells = [text_cell(label)]
        for y in YEARS:
            v = values.get((key, y))
            cells.append(num_cell(v) if v is not None else text_cell("[x]"))
        t1.append(row(*cells))
    t1.append(blank_row())
    t1.append(row(text_cell("Source: IOPC annual police complaints statistics, as cited in "
                            "oversight's data/sources.csv (" + ", ".join(ids) + ").")))

    def table(name, rows):
        return (f'<table:table table:name="{name}">'
                '<table:table-column table:number-columns-repeated="6"/>'
                + "".join(rows) + "</table:table>")

    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               f"<office:document-content {NS}><office:body><office:spreadsheet>"
               + table("Cover", cover) + table("Table_1", t1)
               + "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                'manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
                'application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>')
    out = os.path.join(HERE, "complaints_table.ods")
    fixed = (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", fixed),
                   "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        for name, data in (("META-INF/manifest.xml", manifest), ("content.xml", content)):
            z.writestr(zipfile.ZipInfo(name, fixed), data, compress_type=zipfile.ZIP_DEFLATED)
    print(out)


if __name__ == "__main__":
    main()
