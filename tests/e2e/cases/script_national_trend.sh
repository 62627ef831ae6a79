# scripts/national_trend.lua runs on the bundled data with exit 0.
$OV "$OV_SRCDIR/scripts/national_trend.lua"
echo "exit $?"
