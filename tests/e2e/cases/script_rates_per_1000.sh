# scripts/rates_per_1000.lua runs on the bundled data with exit 0.
$OV "$OV_SRCDIR/scripts/rates_per_1000.lua"
echo "exit $?"
