# Piped output is never cut: every column and every character, whatever
# COLUMNS says (it is a terminal's width); ov.display{ maxcol = } cuts text
# cells on request and ov.display{ width = } fits a table to a width,
# narrowing the widest text before leaving a column out; ov.display()
# shows both settings.
COLUMNS=40 $OV -e 'print(load_csv("data/complaints.csv"):select("complaint_id", "summary", "outcome"):head(3))'
$OV -e 'ov.display{ maxcol = 12 } print(load_csv("data/complaints.csv"):select("complaint_id", "summary", "outcome"):head(3))'
$OV -e 'ov.display{ width = 60 } print(load_csv("data/complaints.csv"):select("complaint_id", "summary", "outcome"):head(3))'
$OV -e 'ov.display{ width = 60, maxcol = 20 } local d = ov.display() print(d.width, d.maxcol)'
$OV -e 'ov.display{ maxcol = 2 }'
$OV -e 'ov.display{ maxcols = 2 }'
