# The seed articles' figures, recomputed and checked by the shipped script,
# with explain(pct(7, 3787)) at the end.
$OV "$OV_SRCDIR/scripts/essex_claims.lua" shared/official/essex_seed_figures.csv
