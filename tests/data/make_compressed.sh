#!/bin/sh
# make_compressed.sh - the compressed fixtures in tests/data/z: gzip and
# zip files holding small CSVs, and the broken ones (truncated, a bomb,
# encrypted). Run from anywhere; the outputs are committed. Needs gzip,
# python3 and zip (for the encrypted archive: python's zipfile cannot
# encrypt). Gzip is run with -n so the files do not change with the clock.
set -eu
cd "$(dirname "$0")/z"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf 'force,year,complaints\nEssex,2019,120\nKent,2019,98\nNorfolk,2019,45\n' >"$tmp/forces.csv"
gzip -n -9 -c "$tmp/forces.csv" >forces.csv.gz
# the same bytes named as if plain: content, not the name, decides
cp forces.csv.gz forces_gz.csv

# two gzip members one after the other, as `cat a.gz b.gz` makes
printf 'force,year\nEssex,2019\n' | gzip -n -c >"$tmp/a.gz"
printf 'Kent,2020\nNorfolk,2021\n' | gzip -n -c >"$tmp/b.gz"
cat "$tmp/a.gz" "$tmp/b.gz" >members.csv.gz

# cut short: the first 40 bytes of a longer gzip stream
seq 1 2000 | sed 's/^/row,/' | sed '1s/^/name,n\n/' | gzip -n -c | head -c 40 >truncated.csv.gz

python3 - "$tmp" <<'PY'
import sys, zipfile, zlib

tmp = sys.argv[1]

def zwrite(name, members):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        for m, data in members:
            info = zipfile.ZipInfo(m, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if m.endswith("/") else zipfile.ZIP_DEFLATED
            z.writestr(info, data)

forces = open(tmp + "/forces.csv", "rb").read()
zwrite("one.zip", [("data/", b""), ("data/forces.csv", forces),
                   ("__MACOSX/data/._forces.csv", b"\0\5\26\7junk")])
zwrite("three.zip", [
    ("2019.csv", b"force,complaints\nEssex,120\nKent,98\n"),
    ("2020.csv", b"force,complaints\nEssex,131\nKent,87.5\n"),
    ("2021.csv", b"force,complaints\nNorfolk,NA\n"),
    ("README.txt", b"Complaints by force, one file a year.\n"),
])
zwrite("shapes.zip", [
    ("a.csv", b"force,complaints\nEssex,120\n"),
    ("b.csv", b"force,year,complaints\nKent,2020,98\n"),
])
zwrite("empty.zip", [])
zwrite("workbook.zip", [("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")])
zwrite("ods.zip", [("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                   ("content.xml", b"<office:document-content/>")])
# a bomb: 100 MB of one byte, which deflate squeezes 1,000 to 1
with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    info = zipfile.ZipInfo("bomb.csv", date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, b"a" * (100 << 20))
PY

# corrupt deflate data: forces.csv.gz with bytes of its stream overwritten
python3 - <<'PY'
data = bytearray(open("forces.csv.gz", "rb").read())
for i in range(14, 30):
    data[i] ^= 0x5A
open("corrupt.csv.gz", "wb").write(bytes(data))
PY

# corrupt deflate data: one.zip's member bytes overwritten in the middle
python3 - <<'PY'
data = bytearray(open("one.zip", "rb").read())
start = data.find(b"data/forces.csv") + len("data/forces.csv")
for i in range(start + 4, start + 24):
    data[i] ^= 0x5A
open("corrupt.zip", "wb").write(bytes(data))
PY

# password-protected: zip's traditional encryption, password "secret"
rm -f encrypted.zip
(cd "$tmp" && zip -q -X -P secret "$OLDPWD/encrypted.zip" forces.csv)
