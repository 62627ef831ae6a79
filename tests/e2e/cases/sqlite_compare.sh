# 38 queries (filters, group-bys with every aggregate, freq, crosstab with
# each kind of percentage and of a value, joins, window functions, case and
# if, longer and wider) on the
# Chicago and Detroit files, each
# answered by sqlite3 on the same file and compared figure by figure,
# and as printed. See tests/e2e/sqlite/compare.py for the rules.
set -e
$OV "$OV_SRCDIR/tests/e2e/sqlite/queries.lua"
"${PYTHON3:-python3}" "$OV_SRCDIR/tests/e2e/sqlite/compare.py"
