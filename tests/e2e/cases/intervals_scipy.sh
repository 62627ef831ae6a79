# oversight's intervals and ratios for a grid of cases (every digit, from
# Lua) agree with scipy and statsmodels, worked out live, to 1e-9 relative.
set -e
$OV "$OV_SRCDIR/tests/e2e/lua/intervals_grid.lua" >grid.txt
"${PYTHON3:-python3}" "$OV_SRCDIR/tests/e2e/lua/intervals_scipy.py" <grid.txt
