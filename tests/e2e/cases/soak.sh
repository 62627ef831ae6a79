# 10,000 mixed queries in one session: peak memory stays where it was after
# the first 1,000 (see tests/e2e/soak.lua)
$OV "$OV_SRCDIR/tests/e2e/soak.lua"
