# scripts/ccrb_penalties.lua on the NYC penalties export.
$OV "$OV_SRCDIR/scripts/ccrb_penalties.lua" shared/nyc-ccrb-penalties/Civilian_Complaint_Review_Board__Penalties_20240727.csv
echo "exit $?"
