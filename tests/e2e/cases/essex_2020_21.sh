# The seed article's figures, recomputed and checked from the bundled data
# by the shipped script; why 3,787 cannot be complaint cases; and
# explain(pct(7, 3787)) at the end.
$OV "$OV_SRCDIR/scripts/essex_2020_21.lua"
echo "exit $?"
