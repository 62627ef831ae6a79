# scripts/cpdp_outcomes.lua on the Chicago export.
$OV "$OV_SRCDIR/scripts/cpdp_outcomes.lua" shared/chicago-cpdp-ft/complaints-accused.csv shared/chicago-cpdp-ft/complaints-complaints.csv
echo "exit $?"
