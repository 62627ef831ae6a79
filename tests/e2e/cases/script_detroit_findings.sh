# scripts/detroit_findings.lua on the Detroit export.
$OV "$OV_SRCDIR/scripts/detroit_findings.lua" shared/detroit-dpd-complaints/DPD_Citizen_Complaints.csv
echo "exit $?"
