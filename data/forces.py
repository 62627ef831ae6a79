#!/usr/bin/env python3
"""Builds the police force tables: data/forces.csv, data/force_names.csv
and src/engine/forces_table.h (the same names compiled into force_name()).

The 43 territorial forces of England and Wales, British Transport Police,
Police Scotland and the PSNI are written out below with their ONS police
force area codes (see data/README.md for where the codes were checked).
Their name variants are (1) systematic ones made here ("&"/"and",
"Constabulary"/"Police"/"Police Service", hyphen or space, Welsh forms,
"London, City of") and (2) every spelling found in the bundled data and in
../shared/data; only the names are kept, never the third-party files.

Names are compared by a key: lower case, "&" read as "and", every other
character that is not a letter or digit a space (dashes, curly apostrophes
and the no-break space too; other non-ASCII letters are kept), runs of spaces one,
a leading "the" and trailing "police", "constabulary", "service" and
"force" words dropped. key() below and forces.c's must agree; the Check
suite tests every variant through the C code.

Run from the repository root: /usr/bin/python3 data/forces.py [path/to/shared/data]
Prints the spellings it looked at and could not place, for review.
Maintainers only; the shell reads the result.
"""
import csv
import glob
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

SHARED = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
OUT = "data"
HEADER = "src/engine/forces_table.h"

# short name, official name, ONS police force area code, region (ONS
# region in England; the nation elsewhere), extra variants
FORCES = [
    ("Avon and Somerset", "Avon and Somerset Constabulary", "E23000036", "South West", []),
    ("Bedfordshire", "Bedfordshire Police", "E23000026", "East of England", []),
    ("Cambridgeshire", "Cambridgeshire Constabulary", "E23000023", "East of England", []),
    ("Cheshire", "Cheshire Constabulary", "E23000006", "North West", []),
    ("City of London", "City of London Police", "E23000034", "London",
     ["London, City of", "City of London Police Service", "London City"]),
    ("Cleveland", "Cleveland Police", "E23000013", "North East", []),
    ("Cumbria", "Cumbria Constabulary", "E23000002", "North West", []),
    ("Derbyshire", "Derbyshire Constabulary", "E23000018", "East Midlands", []),
    ("Devon and Cornwall", "Devon and Cornwall Police", "E23000035", "South West", []),
    ("Dorset", "Dorset Police", "E23000039", "South West", []),
    ("Durham", "Durham Constabulary", "E23000008", "North East", []),
    ("Dyfed-Powys", "Dyfed-Powys Police", "W15000004", "Wales",
     ["Heddlu Dyfed-Powys", "Heddlu Dyfed Powys"]),
    ("Essex", "Essex Police", "E23000028", "East of England", []),
    ("Gloucestershire", "Gloucestershire Constabulary", "E23000037", "South West", []),
    ("Greater Manchester", "Greater Manchester Police", "E23000005", "North West", ["GMP"]),
    ("Gwent", "Gwent Police", "W15000002", "Wales", ["Heddlu Gwent"]),
    ("Hampshire", "Hampshire and Isle of Wight Constabulary", "E23000030", "South East",
     ["Hampshire Constabulary", "Hampshire & IOW", "Hampshire and IOW"]),
    ("Hertfordshire", "Hertfordshire Constabulary", "E23000027", "East of England", []),
    ("Humberside", "Humberside Police", "E23000012", "Yorkshire and The Humber", []),
    ("Kent", "Kent Police", "E23000032", "South East", []),
    ("Lancashire", "Lancashire Constabulary", "E23000003", "North West", []),
    ("Leicestershire", "Leicestershire Police", "E23000021", "East Midlands", []),
    ("Lincolnshire", "Lincolnshire Police", "E23000020", "East Midlands", []),
    ("Merseyside", "Merseyside Police", "E23000004", "North West", []),
    ("Metropolitan Police", "Metropolitan Police Service", "E23000001", "London",
     ["Metropolitan", "Met", "Met Police", "MPS", "The Met"]),
    ("Norfolk", "Norfolk Constabulary", "E23000024", "East of England", []),
    ("North Wales", "North Wales Police", "W15000001", "Wales", ["Heddlu Gogledd Cymru"]),
    ("North Yorkshire", "North Yorkshire Police", "E23000009", "Yorkshire and The Humber", []),
    ("Northamptonshire", "Northamptonshire Police", "E23000022", "East Midlands", []),
    ("Northumbria", "Northumbria Police", "E23000007", "North East", []),
    ("Nottinghamshire", "Nottinghamshire Police", "E23000019", "East Midlands", []),
    ("South Wales", "South Wales Police", "W15000003", "Wales", ["Heddlu De Cymru"]),
    ("South Yorkshire", "South Yorkshire Police", "E23000011", "Yorkshire and The Humber", []),
    ("Staffordshire", "Staffordshire Police", "E23000015", "West Midlands", []),
    ("Suffolk", "Suffolk Constabulary", "E23000025", "East of England", []),
    ("Surrey", "Surrey Police", "E23000031", "South East", []),
    ("Sussex", "Sussex Police", "E23000033", "South East", []),
    ("Thames Valley", "Thames Valley Police", "E23000029", "South East", ["TVP"]),
    ("Warwickshire", "Warwickshire Police", "E23000017", "West Midlands", []),
    ("West Mercia", "West Mercia Police", "E23000016", "West Midlands", []),
    # the force, not the region of the same name: a key cannot be both
    ("West Midlands", "West Midlands Police", "E23000014", "West Midlands", ["WMP"]),
    ("West Yorkshire", "West Yorkshire Police", "E23000010", "Yorkshire and The Humber", []),
    ("Wiltshire", "Wiltshire Police", "E23000038", "South West", []),
    # not police force areas: no E23/W15 code
    ("British Transport Police", "British Transport Police", "", "Great Britain",
     ["British Transport", "BTP", "Heddlu Trafnidiaeth Prydain"]),
    ("Police Scotland", "Police Scotland", "", "Scotland",
     ["Police Service of Scotland", "Poileas Alba"]),
    ("PSNI", "Police Service of Northern Ireland", "", "Northern Ireland",
     ["Police Service Northern Ireland", "Northern Ireland", "PSNI"]),
]

SUFFIXES = ("police", "constabulary", "service", "force")


def key(name):
    """The comparison key of a name; "" when nothing is left."""
    # dashes, curly apostrophes and the no-break space are punctuation too
    for u in "\u2013\u2014\u2018\u2019\u00a0":
        name = name.replace(u, " ")
    # ASCII letters only, as forces.c does
    s = "".join(c.lower() if "A" <= c <= "Z" else c for c in name).replace("&", " and ")
    s = re.sub(r"[^a-z0-9\x80-\U0010ffff]+", " ", s).strip()
    words = s.split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while words and words[-1] in SUFFIXES:
        words.pop()
    return " ".join(words)


def systematic(short, official):
    """The spellings every force is written in."""
    out = {short, official}
    stem = short
    for suffix in ("Police", "Constabulary", "Police Service", "Police Force"):
        out.add(stem + " " + suffix)
    for n in list(out):
        if " and " in n:
            out.add(n.replace(" and ", " & "))
        if "-" in n:
            out.add(n.replace("-", " "))
    return out


def read_csv_cells(path, columns):
    """Cells of the named columns (any case) of a CSV file."""
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        rows = list(csv.reader(f))
    if not rows:
        return []
    head = [h.strip().lower() for h in rows[0]]
    cells = []
    for j, h in enumerate(head):
        if h in columns:
            cells += [r[j] for r in rows[1:] if j < len(r)]
    return cells


def read_ods_cells(path):
    """Every text cell of every sheet of an ODS workbook (first column
    cells mostly: labels), read with the standard library."""
    ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("content.xml"))
    cells = []
    for cell in root.iter("{%s}table-cell" % ns["table"]):
        if cell.get("{%s}value-type" % ns["office"]) not in (None, "string"):
            continue
        text = " ".join("".join(p.itertext()) for p in cell.findall("text:p", ns)).strip()
        if text:
            cells.append(text)
    return cells


def scan(lookup):
    """(name, where) of every spelling in the bundled and shared data that
    reads as a force; and the candidates that do not, for review."""
    found, unplaced = {}, set()
    sources = []
    for path in sorted(glob.glob(os.path.join(OUT, "*.csv"))):
        base = os.path.basename(path)
        if base in ("forces.csv", "force_names.csv"):
            continue
        sources.append(("bundled " + base, read_csv_cells(path, {"force", "area"})))
    force_cols = {"force", "area", "authority", "police force", "force/region", "item name"}
    for sub in ("official", "uk-police-workforce-resistancelab",
                "uk-iopc-deaths-by-force-resistancelab", "uk-bbc-iopc-misconduct",
                "uk-met-complaints-foi"):
        for path in sorted(glob.glob(os.path.join(SHARED, sub, "**", "*.csv"), recursive=True)):
            cells = read_csv_cells(path, force_cols)
            if os.path.basename(path) == "recs30june_wforces.csv":
                # one column per force: the header names them
                with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
                    cells += next(csv.reader(f))
            sources.append((sub, cells))
    for path in sorted(glob.glob(os.path.join(SHARED, "spreadsheets", "*.ods"))):
        sources.append(("spreadsheets/" + os.path.basename(path), read_ods_cells(path)))
    for where, cells in sources:
        for c in cells:
            c = c.strip()
            if not c or len(c) > 60:
                continue
            k = key(c)
            if k in lookup:
                found.setdefault(c, (lookup[k], set()))[1].add(where)
            elif re.search(r"police|constabulary|force", c, re.I) and len(c) < 40:
                unplaced.add((c, where))
    return found, unplaced


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    names = {}  # variant -> (force index, where)
    for i, (short, official, code, region, extra) in enumerate(FORCES):
        for n in systematic(short, official) | set(extra):
            names[n] = (i, {"systematic"})
    lookup = {}
    for n, (i, _) in names.items():
        k = key(n)
        if k in lookup and lookup[k] != i:
            sys.exit("key %r names two forces: %s and %s" % (k, FORCES[lookup[k]][0],
                                                            FORCES[i][0]))
        lookup[k] = i
    found, unplaced = scan(lookup)
    for n, (i, where) in found.items():
        if n in names:
            names[n][1].discard("systematic")
            names[n][1].update(where)
        else:
            names[n] = (i, set(where))
    for c, where in sorted(unplaced):
        print("not a force name (review): %r in %s" % (c, where), file=sys.stderr)

    with open(os.path.join(OUT, "forces.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["force", "official_name", "ons_code", "region"])
        for short, official, code, region, _ in FORCES:
            w.writerow([short, official, code, region])
    order = sorted(names, key=lambda n: (FORCES[names[n][0]][0], n.lower(), n))
    with open(os.path.join(OUT, "force_names.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "force", "found_in"])
        for n in order:
            i, where = names[n]
            w.writerow([n, FORCES[i][0], "; ".join(sorted(where)) or "systematic"])

    keys = sorted(lookup.items(), key=lambda kv: kv[0].encode("utf-8"))
    with open(HEADER, "w", encoding="utf-8") as f:
        f.write("/*\n * forces_table.h - generated by data/forces.py from its list of forces\n"
                " * and the spellings found in the data; do not edit. Included by\n"
                " * forces.c only. Engine code: no Lua.\n */\n")
        f.write("#ifndef OV_FORCES_TABLE_H\n#define OV_FORCES_TABLE_H\n\n")
        f.write("/* written by a script, one entry a line */\n/* clang-format off */\n")
        f.write("/* short name, official name, ONS code, region */\n")
        f.write("static const struct ov_force force_list[] = {\n")
        for short, official, code, region, _ in FORCES:
            f.write("    {%s, %s, %s, %s},\n" % (c_string(short), c_string(official),
                                                c_string(code), c_string(region)))
        f.write("};\n\n/* comparison key (sorted by byte) -> force */\n")
        f.write("static const struct force_key {\n    const char *key;\n    unsigned char force;\n"
                "} force_keys[] = {\n")
        for k, i in keys:
            f.write("    {%s, %d},\n" % (c_string(k), i))
        f.write("};\n\n/* every variant in data/force_names.csv -> force, for the tests */\n")
        f.write("static const struct force_key force_variants[] = {\n")
        for n in order:
            f.write("    {%s, %d},\n" % (c_string(n), names[n][0]))
        f.write("};\n/* clang-format on */\n\n#endif /* OV_FORCES_TABLE_H */\n")
    print("%d forces, %d names, %d keys" % (len(FORCES), len(names), len(keys)))


if __name__ == "__main__":
    main()
