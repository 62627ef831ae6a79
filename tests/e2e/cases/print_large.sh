# A 244,436-row table (Chicago accused) printed at 80 columns fits in 80
# columns and ends with the shape; printed in csv mode it loads back equal.
set -e
f=shared/chicago-cpdp-ft/complaints-accused.csv
COLUMNS=80 $OV -e "print(load_csv('$f'))" >shown.txt
"${PYTHON3:-python3}" -c '
import sys
lines = open("shown.txt", encoding="utf-8").read().splitlines()
print("lines:", len(lines), "widest:", max(len(l) for l in lines))'
tail -3 shown.txt
$OV -e "ov.display{ mode = 'csv' } print(load_csv('$f'))" >printed.csv
$OV -e "load_csv('$f'):write('a.csv') load_csv('printed.csv'):write('b.csv')"
cmp a.csv b.csv && echo "csv mode loads back equal: $(wc -l <a.csv) lines"
