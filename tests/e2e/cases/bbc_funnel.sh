# funnel() on the BBC Shared Data Unit's per-force misconduct file and
# chisq() on Detroit's complaints (a crosstab and two columns), each
# recomputed independently with scipy to 1e-9 (tests/e2e/compare/check.py).
set -e
$OV "$OV_SRCDIR/tests/e2e/compare/funnel_chisq.lua"
"${PYTHON3:-python3}" "$OV_SRCDIR/tests/e2e/compare/check.py"
