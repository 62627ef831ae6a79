# Every sheet of every workbook in ../shared/data/spreadsheets, as
# sheets() lists it (name, used rows and columns, non-empty cells), equals
# what an independent reader finds (tests/xl/reference.py: pandas with
# odfpy and openpyxl; xlrd for .xls). Then Table_1 of the Home Office's
# September 2019 workforce tables, loaded with its layout found
# automatically, gives force by force the numbers a volunteer extracted
# by hand (uk-police-workforce-resistancelab/officer-fte/2019.csv).
set -e
ref=$OV_SRCDIR/tests/xl/reference.py
n=0
for f in shared/spreadsheets/*.ods shared/spreadsheets/*.xlsx shared/spreadsheets/*.xls; do
    "${PYTHON3:-python3}" "$ref" "$f" 2>/dev/null > ref.txt
    $OV -e "for _, s in sheets([[$f]]):rows() do io.write(s.name, '\t', s.rows, '\t', s.columns, '\t', s.cells, '\n') end" > ours.txt
    if cmp -s ref.txt ours.txt; then
        n=$((n + $(wc -l < ours.txt)))
    else
        echo "$f differs:"
        diff ref.txt ours.txt || true
    fi
done
echo "$n sheets read as the reference reads them"

$OV -e "
local t = load_sheet('shared/spreadsheets/police-workforce-sep19-tables.ods', 'Table_1')
ov.display{ mode = 'csv' }
print(t:select{ 'A', 'As at: / Sep-18', 'As at: / Mar-19', 'As at: / Sep-19' })
" > ours.csv
"${PYTHON3:-python3}" - <<'PY'
import csv
# row by row, in the table's order: the volunteer kept it and respelt two
# names (printed, so a change shows)
ours = list(csv.reader(open('ours.csv')))[1:]
hand = list(csv.reader(open('shared/uk-police-workforce-resistancelab/officer-fte/2019.csv')))[1:]
agree = differ = 0
print(f'rows: sheet {len(ours)}, hand {len(hand)}')
for o, h in zip(ours, hand):
    if o[0].strip() != h[0].strip():
        print(f'named {o[0]!r} in the sheet, {h[0]!r} by hand')
    for a, b in zip(h[1:], o[1:]):
        if float(a) == float(b):
            agree += 1
        else:
            differ += 1
            print(f'{o[0]}: hand {a}, sheet {b}')
print(f'Table_1 against the hand extraction: {agree} figures agree, {differ} differ')
PY
