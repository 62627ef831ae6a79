# A database oversight writes, against sqlite3's own .import of the same
# CSV (Detroit's complaints): the same number of rows and, row by row and
# column by column, the same values (sqlite3 keeps every field as text:
# ours are compared as the text they print as in SQLite, a missing value
# against an empty field), and the declared types oversight chose
f=shared/detroit-dpd-complaints/DPD_Citizen_Complaints.csv
$OV -q -e 'load_csv("'"$f"'"):write("both.db", { table = "ov" })'
"$SQLITE3" both.db ".import --csv $f imp"
"$SQLITE3" both.db "SELECT 'rows', (SELECT count(*) FROM ov), (SELECT count(*) FROM imp)"
"$SQLITE3" both.db "SELECT name, type FROM pragma_table_info('ov')" |
while IFS='|' read -r col type; do
    n=$("$SQLITE3" both.db "SELECT count(*) FROM ov JOIN imp ON ov.rowid = imp.rowid
        WHERE NOT CASE WHEN ov.\"$col\" IS NULL THEN imp.\"$col\" = ''
                       ELSE CAST(ov.\"$col\" AS TEXT) = imp.\"$col\" END")
    echo "$col $type differences: $n"
done
