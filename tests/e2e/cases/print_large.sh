# A 244,436-row table (Chicago accused) piped: every column, no cell cut
# (COLUMNS is a terminal's width, not a pipe's); asked for 80 columns
# (ov.display{ width = 80 }) it fits in 80, text columns narrowed before
# any is dropped, and ends with the shape; printed in csv mode it loads
# back equal.
set -e
f=shared/chicago-cpdp-ft/complaints-accused.csv
widest() {
    "${PYTHON3:-python3}" -c '
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
print("lines:", len(lines), "widest:", max(len(l) for l in lines))' "$1"
}
COLUMNS=80 $OV -e "print(load_csv('$f'))" >shown.txt
widest shown.txt
tail -2 shown.txt
$OV -e "ov.display{ width = 80 } print(load_csv('$f'))" >fitted.txt
widest fitted.txt
tail -4 fitted.txt
$OV -e "ov.display{ mode = 'csv' } print(load_csv('$f'))" >printed.csv
$OV -e "load_csv('$f'):write('a.csv') load_csv('printed.csv'):write('b.csv')"
cmp a.csv b.csv && echo "csv mode loads back equal: $(wc -l <a.csv) lines"
