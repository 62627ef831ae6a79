#!/usr/bin/env python3
"""An independent reading of a workbook, to compare with oversight's sheets().

    reference.py PATH

prints, for every sheet in the workbook's order,

    NAME<TAB>ROWS<TAB>COLS<TAB>NONEMPTY

read by pandas.read_excel(sheet_name=None, header=None) with the engine the
file's extension calls for (.ods: odf, .xlsx/.xlsm: openpyxl, .xls: xlrd).
ROWS and COLS are the used range: from the first to the last row and column
holding a non-empty cell (pandas keeps leading empty rows and columns of a
sheet, so they are clipped too); NONEMPTY counts cells that are neither NaN
nor the empty string. pandas' default missing-value words ("NA", "N/A",
"null"...) are kept as text (keep_default_na=False): they are cells with
something in them. An empty sheet prints 0, 0, 0.

pandas 1.5 (Debian 12) refuses xlrd older than 2.0.1 and Debian ships xlrd
1.2, so an .xls is read by xlrd itself when pandas refuses: cells whose type
is neither XL_CELL_EMPTY nor XL_CELL_BLANK and that are not the empty string. Exit 77 (skipped) when pandas or the engine is absent,
2 on a usage error.
"""
import math
import os
import sys

ENGINES = {".ods": "odf", ".xlsx": "openpyxl", ".xlsm": "openpyxl", ".xls": "xlrd"}
MODULES = {"odf": "odf", "openpyxl": "openpyxl", "xlrd": "xlrd"}


def empty(v):
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, str) and v == "":
        return True
    try:
        import pandas

        return bool(pandas.isna(v))
    except (TypeError, ValueError):
        return False


def used(frame):
    rows, cols, n = [], [], 0
    for r, row in enumerate(frame.itertuples(index=False, name=None)):
        for c, v in enumerate(row):
            if not empty(v):
                rows.append(r)
                cols.append(c)
                n += 1
    if n == 0:
        return 0, 0, 0
    return max(rows) - min(rows) + 1, max(cols) - min(cols) + 1, n


def xls_by_xlrd(path):
    import xlrd

    book = xlrd.open_workbook(path)
    for sheet in book.sheets():
        rows, cols, n = [], [], 0
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                if cell.ctype == xlrd.XL_CELL_TEXT and cell.value == "":
                    continue
                rows.append(r)
                cols.append(c)
                n += 1
        if n == 0:
            print("%s\t0\t0\t0" % sheet.name)
        else:
            print("%s\t%d\t%d\t%d" % (sheet.name, max(rows) - min(rows) + 1,
                                         max(cols) - min(cols) + 1, n))
    return 0


def main(argv):
    if len(argv) != 2:
        print("usage: reference.py WORKBOOK", file=sys.stderr)
        return 2
    path = argv[1]
    engine = ENGINES.get(os.path.splitext(path)[1].lower())
    if engine is None:
        print("reference.py: %s: not .ods, .xlsx or .xls" % path, file=sys.stderr)
        return 2
    try:
        import pandas

        __import__(MODULES[engine])
    except ImportError as e:
        print("reference.py: skipped: %s" % e, file=sys.stderr)
        return 77
    if engine == "xlrd":
        try:
            sheets = pandas.read_excel(path, sheet_name=None, header=None,
                                       engine=engine, keep_default_na=False,
                                       na_values=[])
        except ImportError:
            return xls_by_xlrd(path)
        for name, frame in sheets.items():
            print("%s\t%d\t%d\t%d" % ((name,) + used(frame)))
        return 0
    sheets = pandas.read_excel(path, sheet_name=None, header=None, engine=engine,
                               keep_default_na=False, na_values=[])
    for name, frame in sheets.items():
        nrows, ncols, n = used(frame)
        print("%s\t%d\t%d\t%d" % (name, nrows, ncols, n))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
