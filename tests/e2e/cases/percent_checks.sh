# Every row of official/percent_checks.csv fed to check() gives the verdict
# in its `consistent` column.
$OV "$OV_SRCDIR/tests/e2e/lua/percent_checks.lua" shared/official/percent_checks.csv
