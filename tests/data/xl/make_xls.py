#!/usr/bin/env python3
"""Writes the small legacy Excel (.xls, BIFF8) fixtures of tests/unit/check_xls.c.

Debian has no Python writer of .xls (xlwt is not packaged), so the files are
built here by hand: an OLE2 compound file (one FAT sector, one directory
sector, the Workbook stream in ordinary sectors, padded past the 4096-byte
mini-stream cut-off so no mini FAT is needed) holding a BIFF8 workbook
(MS-XLS: BOF, FILEPASS, CODEPAGE, DATEMODE, FORMAT, XF, BOUNDSHEET, SST,
CONTINUE, DIMENSIONS, NUMBER, RK, MULRK, LABELSST, LABEL, BOOLERR, FORMULA,
SHRFMLA, STRING, MERGECELLS, EOF). Standard library only. Run from anywhere:

    python3 tests/data/xl/make_xls.py

and commit the .xls files it writes beside itself and the fuzz seeds it
writes in fuzz/seeds/xls (the fixtures but the slow hostile one, and a
prefix of cells.xls):

  cells.xls       two sheets: the plain kinds of cell (numbers as
                  NUMBER and RK, texts from the SST including a numeric ID, a date, a date-time, a time, a boolean), the
                  1900 date system; the second sheet is named "Données" and is
                  empty.
  cells1904.xls   one sheet, the 1904 date system, the same date.
  hostile_dims.xls  one sheet whose DIMENSIONS record claims 65536 rows x 256
                  columns and that holds one cell.
  filepass.xls    cells.xls with a FILEPASS record after the first BOF: what
                  a password-protected workbook begins with.
  results.xls     formulas' cached results (a number, a text in a STRING
                  record after a SHRFMLA, a boolean, an error, the empty
                  text), BOOLERR booleans and errors, a custom date format,
                  "#,##0.00" and "0.00%", a MULRK, a LABEL, a merged header,
                  and an SST cut across CONTINUE records (compressed and
                  UTF-16 halves, rich-text runs, phonetic data).
  biff5.xls       an Excel 5.0/95 workbook: a Book stream with a BIFF5 BOF.
  sheets.xls      a hidden worksheet holding an embedded chart's substream
                  and a LABEL cut across a CONTINUE record (with a character
                  beyond the BMP), a chart sheet and a VBA module.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
FREESECT = 0xFFFFFFFF
NOSTREAM = 0xFFFFFFFF


def rec(rtype, data=b""):
    return struct.pack("<HH", rtype, len(data)) + data


def bof(dt, version=0x0600):
    # BIFF8 (0x0600), build 0x0DBB of 1996 (Excel 97), no history flags
    return rec(0x0809, struct.pack("<HHHHII", version, dt, 0x0DBB, 0x07CC, 0, 0x0006))


def xf(ifmt):
    # ifnt 0, ifmt, cell XF (not a style), the rest zero
    return rec(0x00E0, struct.pack("<HHH", 0, ifmt, 0x0001) + b"\0" * 14)


def xlstring(s):
    """XLUnicodeString: latin-1 compressed when it fits, UTF-16 otherwise."""
    try:
        return struct.pack("<HB", len(s), 0) + s.encode("latin-1")
    except UnicodeEncodeError:
        return struct.pack("<HB", len(s), 1) + s.encode("utf-16-le")


def short_xlstring(s):
    try:
        return struct.pack("<BB", len(s), 0) + s.encode("latin-1")
    except UnicodeEncodeError:
        return struct.pack("<BB", len(s), 1) + s.encode("utf-16-le")


# XF indexes used by cells: 15 plain ones first, then the formats
XF_GENERAL, XF_DATE, XF_DATETIME, XF_TIME = 15, 16, 17, 18
XF_CUSTOM_DATE, XF_COMMA2, XF_PERCENT2 = 19, 20, 21


def workbook(sheets, strings, date1904=False, filepass=False, pad=4200, sst=None,
             version=0x0600):
    """sheets: [(name, dims (rows, cols), [cell records])]; sst: the SST and
    CONTINUE records as bytes, instead of one SST of strings"""
    glob = [bof(0x0005, version)]
    if filepass:
        # XOR obfuscation (wEncryptionType 0): key and verifier
        glob.append(rec(0x002F, struct.pack("<HHH", 0, 0x1234, 0x5678)))
    glob.append(rec(0x0042, struct.pack("<H", 1200)))  # CODEPAGE: UTF-16
    glob.append(rec(0x0022, struct.pack("<H", 1 if date1904 else 0)))
    # a custom date format (id 164), as Excel writes "dd/mm/yyyy"
    glob.append(rec(0x041E, struct.pack("<H", 164) + xlstring("dd/mm/yyyy")))
    glob += [xf(0)] * 16 + [xf(14), xf(22), xf(20), xf(164), xf(4), xf(10)]
    if sst is None:
        sst = rec(0x00FC, struct.pack("<II", len(strings), len(strings)) +
                  b"".join(xlstring(s) for s in strings))
    # BOUNDSHEET records hold the offsets of the sheets' BOFs: sized first
    bsheets = [rec(0x0085, struct.pack("<IBB", 0, 0, 0) + short_xlstring(sh[0]))
               for sh in sheets]
    # an unknown record (readers skip it) so the stream passes
    # the 4096-byte mini-stream cut-off
    padding = rec(0x00EF, b"\0" * pad)
    head = b"".join(glob)
    tail = sst + padding + rec(0x000A)
    offset = len(head) + sum(len(b) for b in bsheets) + len(tail)
    bodies = []
    bsheets = []
    for sh in sheets:
        # (name, (rows, cols), cells[, hsState, dt]): dt 0 a worksheet, 2 a
        # chart sheet, 6 a VBA module
        name, (nrows, ncols), cells = sh[:3]
        hs, dt = sh[3:] if len(sh) == 5 else (0, 0)
        if dt == 0:
            body = bof(0x0010) + rec(0x0200, struct.pack("<IIHHH", 0, nrows, 0, ncols, 0))
        else:
            body = bof(0x0020 if dt == 2 else 0x0006)
        body += b"".join(cells) + rec(0x000A)
        bsheets.append(rec(0x0085, struct.pack("<IBB", offset, hs, dt) + short_xlstring(name)))
        bodies.append(body)
        offset += len(body)
    return head + b"".join(bsheets) + tail + b"".join(bodies)


def number(r, c, v, x=XF_GENERAL):
    return rec(0x0203, struct.pack("<HHHd", r, c, x, v))


def rk_int(r, c, v, x=XF_GENERAL):
    # an RK integer: the value shifted left 2, flag bit 1 (integer) set
    return rec(0x027E, struct.pack("<HHHI", r, c, x, ((v << 2) | 2) & 0xFFFFFFFF))


def labelsst(r, c, i):
    return rec(0x00FD, struct.pack("<HHHI", r, c, XF_GENERAL, i))


def boolerr(r, c, v, err=0):
    return rec(0x0205, struct.pack("<HHHBB", r, c, XF_GENERAL, v, err))


def label(r, c, s):
    return rec(0x0204, struct.pack("<HHH", r, c, XF_GENERAL) + xlstring(s))


def rk_float(r, c, v, x=XF_GENERAL):
    # an RK float: the double's top 30 bits
    bits = struct.unpack("<Q", struct.pack("<d", v))[0] >> 32
    assert bits & 3 == 0
    return rec(0x027E, struct.pack("<HHHI", r, c, x, bits))


def mulrk(r, c0, rks):
    """rks: the RK values themselves (with their flag bits)"""
    body = b"".join(struct.pack("<HI", XF_GENERAL, v) for v in rks)
    return rec(0x00BD, struct.pack("<HH", r, c0) + body + struct.pack("<H", c0 + len(rks) - 1))


def formula(r, c, result, x=XF_GENERAL):
    """result: a float, or (type, byte) for a text (0), a boolean (1), an
    error (2) or the empty text (3); an empty formula (cce 0) follows"""
    if isinstance(result, float):
        val = struct.pack("<d", result)
    else:
        val = struct.pack("<BBBBBBBB", result[0], 0, result[1], 0, 0, 0, 0xFF, 0xFF)
    return rec(0x0006, struct.pack("<HHH", r, c, x) + val + struct.pack("<HIH", 0, 0, 0))


def string(s):
    return rec(0x0207, xlstring(s))


def mergecells(ranges):
    return rec(0x00E5, struct.pack("<H", len(ranges)) +
               b"".join(struct.pack("<HHHH", r0, r1, c0, c1) for r0, c0, r1, c1 in ranges))


SPLIT_A = "Split across records"
SPLIT_B = "Z\u00fcrich \u2013 S\u00fcd"


def sst_continued():
    """An SST of four strings cut across three CONTINUE records: the first
    compressed, its rest UTF-16 after the CONTINUE's flag byte; the second
    UTF-16, its rest compressed; the third rich text whose formatting runs
    are cut; the fourth with phonetic data, its header beginning a record."""
    sst = struct.pack("<II", 4, 4) + struct.pack("<HB", len(SPLIT_A), 0) + \
        SPLIT_A[:8].encode("latin-1")
    c1 = b"\x01" + SPLIT_A[8:].encode("utf-16-le")
    c1 += struct.pack("<HB", len(SPLIT_B), 1) + SPLIT_B[:9].encode("utf-16-le")
    c2 = b"\x00" + SPLIT_B[9:].encode("latin-1")
    c2 += struct.pack("<HBH", 4, 0x08, 2) + b"Rich" + struct.pack("<HH", 0, 1)
    c3 = struct.pack("<HH", 2, 0)
    c4 = struct.pack("<HBI", 5, 0x04, 6) + b"Kanji" + b"\x01\x02\x03\x04\x05\x06"
    return (rec(0x00FC, sst) + rec(0x003C, c1) + rec(0x003C, c2) + rec(0x003C, c3) +
            rec(0x003C, c4))


def results_sheet():
    """formula results, booleans, errors, formats, a merged header"""
    c = [label(0, 0, "Results by force"), mergecells([(0, 0, 0, 3)]),
         formula(1, 0, 12.5),
         formula(1, 1, (0, 0)), rec(0x04BC, b"\0" * 10), string("Essex"),
         formula(1, 2, (1, 1)),
         formula(1, 3, (2, 0x07)),                  # #DIV/0!
         formula(1, 4, (3, 0)),                     # the empty text
         boolerr(2, 0, 0),
         boolerr(2, 1, 0x2A, err=1),                # #N/A
         number(2, 2, 43466.0, XF_CUSTOM_DATE),     # 01/01/2019
         number(2, 3, 5516.65, XF_COMMA2),          # 5,516.65
         number(2, 4, 0.125, XF_PERCENT2),          # 12.50%
         mulrk(3, 0, [struct.unpack("<Q", struct.pack("<d", 1.5))[0] >> 32,
                      (1234 << 2) | 3,              # 12.34: an integer / 100
                      ((-3 << 2) | 2) & 0xFFFFFFFF]),
         label(3, 3, "Label text"),
         formula(3, 4, 36658.0, XF_DATE),           # 2000-05-12
         labelsst(4, 0, 0), labelsst(4, 1, 1), labelsst(4, 2, 2), labelsst(4, 3, 3)]
    return ("Results", (5, 5), c)


def long_label(r, c, s, cut):
    """a LABEL whose characters run on into a CONTINUE record: the first
    cut compressed, the rest UTF-16 after the CONTINUE's flag byte"""
    head = struct.pack("<HHH", r, c, XF_GENERAL) + struct.pack("<HB", len(s.encode("utf-16-le")) // 2, 0)
    return (rec(0x0204, head + s[:cut].encode("latin-1")) +
            rec(0x003C, b"\x01" + s[cut:].encode("utf-16-le")))


LONG_TEXT = "Complaints " * 30 + "\U0001F46E officer"


def sheets_book():
    """a hidden worksheet with an embedded chart's substream (whose NUMBER
    is no cell of the sheet) and a long LABEL; a chart sheet; a VBA module"""
    chart = bof(0x0020) + number(0, 0, 99.0) + rec(0x000A)
    data = [number(0, 0, 1.0), chart, long_label(1, 0, LONG_TEXT, 200)]
    return [("Data", (2, 1), data, 1, 0), ("Chart1", (0, 0), [number(0, 0, 7.0)], 0, 2),
            ("Module1", (0, 0), [], 0, 6)]


def cfbf(stream, name="Workbook"):
    """An OLE2 compound file (version 3, 512-byte sectors) holding one
    stream named Workbook (or name), at least 4096 bytes long."""
    assert len(stream) >= 4096
    nsec = (len(stream) + 511) // 512
    data = stream + b"\0" * (nsec * 512 - len(stream))
    fat = [FATSECT, ENDOFCHAIN] + [2 + i + 1 for i in range(nsec - 1)] + [ENDOFCHAIN]
    assert len(fat) <= 128
    fat += [FREESECT] * (128 - len(fat))
    header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108
    assert len(header) == 512

    def entry(name, etype, child, start, size):
        n = (name + "\0").encode("utf-16-le") if name else b""
        return (n + b"\0" * (64 - len(n)) +
                struct.pack("<HBBIII", len(n), etype, 1, NOSTREAM, NOSTREAM, child) +
                b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16 +
                struct.pack("<III", start, size, 0))

    directory = (entry("Root Entry", 5, 1, ENDOFCHAIN, 0) +
                 entry(name, 2, NOSTREAM, 2, len(stream)) +
                 entry("", 0, NOSTREAM, 0, 0) * 2)
    assert len(directory) == 512
    return header + struct.pack("<128I", *fat) + directory + data


STRINGS = ["Force", "ID", "Officers", "Notes", "1000001", "Essex Police", "Kent Police",
           "Caf\u00e9 \u2013 Nord"]


def cells_sheet():
    c = [labelsst(0, 0, 0), labelsst(0, 1, 1), labelsst(0, 2, 2),
         labelsst(0, 3, 3),
         labelsst(1, 0, 5), labelsst(1, 1, 4),   # a numeric ID kept as text
         number(1, 2, 3310.55),
         rk_int(1, 3, 42),
         number(1, 4, 36658.0, XF_DATE),         # 2000-05-12
         number(1, 5, 36658.4251388889, XF_DATETIME),  # 2000-05-12 10:12:12
         number(1, 6, 0.75, XF_TIME),            # 18:00:00
         boolerr(1, 7, 1),
         labelsst(2, 0, 6), labelsst(2, 1, 7),
         number(2, 2, 0.1 + 0.2),
         rk_int(2, 3, -7),
         number(2, 4, 60.0, XF_DATE),            # the 29 February 1900 that never was
         number(2, 5, 61.0, XF_DATE)]            # 1900-03-01
    return ("Workforce", (3, 8), c)


def main():
    files = {
        "cells.xls": workbook([cells_sheet(), ("Donn\u00e9es", (0, 0), [])], STRINGS),
        "cells1904.xls": workbook(
            [("Sheet1", (1, 1), [number(0, 0, 35196.0, XF_DATE)])], STRINGS, date1904=True),
        "hostile_dims.xls": workbook(
            [("Big", (65536, 256), [number(65535, 255, 1.5)])], STRINGS),
        "filepass.xls": workbook([cells_sheet()], STRINGS, filepass=True),
        "results.xls": workbook([results_sheet()], [], sst=sst_continued()),
        "biff5.xls": workbook([cells_sheet()], STRINGS, version=0x0500),
        "sheets.xls": workbook(sheets_book(), STRINGS),
    }
    seeds = os.path.join(HERE, "..", "..", "..", "fuzz", "seeds", "xls")
    os.makedirs(seeds, exist_ok=True)
    for name, stream in files.items():
        data = cfbf(stream, "Book" if name == "biff5.xls" else "Workbook")
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        if name != "hostile_dims.xls":
            with open(os.path.join(seeds, name), "wb") as f:
                f.write(data)
        if name == "cells.xls":
            with open(os.path.join(seeds, "cells_cut.xls"), "wb") as f:
                f.write(data[:3000])


if __name__ == "__main__":
    main()
