# Every CSV under ../shared/data loads with on_ragged at its default, with
# the record count Python's csv module finds (computed here, not written
# down, less the rows whose every field is empty, which are dropped), and
# writes back with every value unchanged except the documented
# normalisation: missing-value texts are written empty, a blank header
# gets a generated name, the byte order mark is dropped.
set -e
out=$PWD/roundtrip
mkdir -p "$out"
find -L shared -name '*.csv' | LC_ALL=C sort > files.txt
while read -r f; do
    n=$(echo "$f" | tr '/' '_')
    $OV -e "local t = load_csv('$f'); io.write(#t, ' ', #t:names(), '\n'); t:write('$out/$n')" > count.txt
    echo "$f $(cat count.txt)"
done < files.txt > ours.txt
"${PYTHON3:-python3}" - "$out" <<'PY'
import csv, sys
out = sys.argv[1]
nulls = {'', 'NA', 'N/A', 'NULL', '#N/A', '#VALUE!', '#REF!', '#DIV/0!', '#NAME?', '#NUM!', '#NULL!'}
files = bad = cells = 0
for line in open('ours.txt'):
    path, rows, cols = line.split()
    with open(path, newline='', encoding='utf-8-sig') as f:
        recs = [r for r in csv.reader(f) if r != []]
    # rows whose every field is empty are dropped (and counted) in a table of
    # two or more columns: 959 in the BBC funnel export
    if len(recs[0]) >= 2:
        recs = recs[:1] + [r for r in recs[1:] if any(x != '' for x in r)]
    files += 1
    if len(recs) - 1 != int(rows) or len(recs[0]) != int(cols):
        bad += 1
        print(f"{path}: oversight {rows} rows x {cols}, Python {len(recs) - 1} x {len(recs[0])}")
        continue
    with open(out + '/' + path.replace('/', '_'), newline='', encoding='utf-8') as f:
        back = list(csv.reader(f))
    if len(back) != len(recs):
        bad += 1
        print(f"{path}: wrote {len(back)} records, read {len(recs)}")
        continue
    for i, (a, b) in enumerate(zip(recs, back)):
        for j, (x, y) in enumerate(zip(a, b)):
            cells += 1
            if x == y or (x in nulls and y == '') or (i == 0 and x == '' and y == f'column_{j + 1}'):
                continue
            bad += 1
            print(f"{path}:{i + 1}: column {j + 1} was {x!r}, written back as {y!r}")
print(f"{files} files: record counts match Python's csv module" if bad == 0 else f"{bad} differences")
print("every value written back unchanged" if bad == 0 else "")
PY
# what the issue names, file by file
det=shared/detroit-dpd-complaints/DPD_Citizen_Complaints.csv
$OV -e "print('Detroit first column:', load_csv('$det'):names()[1])"
$OV -e "print('Met rows:', #load_csv('shared/uk-met-complaints-foi/met-police-complaints.csv'))"
$OV -e "print('CCRB officers first column:', load_csv('shared/nyc-ccrb-officers-active/ccrbPO_active_0401.csv'):names()[1])"
# Philadelphia: a summary with a line break inside is one value of one row
"${PYTHON3:-python3}" -c "
import csv
rows = list(csv.DictReader(open('shared/philly-complaints-ft/complaints_against_police.csv', newline='')))
i = next(i for i, r in enumerate(rows) if '\n' in r['summary'])
print(i + 1)" > philly_row.txt
$OV -e "
local t = load_csv('shared/philly-complaints-ft/complaints_against_police.csv')
t:write('philly.csv')
print('Philadelphia rows:', #t)" 
"${PYTHON3:-python3}" -c "
import csv
a = list(csv.DictReader(open('shared/philly-complaints-ft/complaints_against_police.csv', newline='')))
b = list(csv.DictReader(open('philly.csv', newline='')))
i = int(open('philly_row.txt').read()) - 1
print('Philadelphia multi-line summary kept whole:', a[i]['summary'] == b[i]['summary'] and '\n' in b[i]['summary'])"
