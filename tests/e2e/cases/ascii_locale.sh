# A locale that is not UTF-8 (LANG=C): tables, bars and charts are drawn in
# ASCII ("+--", "|", "#", "~", "x"); under C.UTF-8 the same table keeps its
# box-drawing characters, "…" and "×".
script='t = load_csv("data/complaints.csv")
print(t:select("complaint_id", "summary"):head(4))
print(t:freq("outcome"):bars())
chart(t:freq("force"), { width = 50 })'
LC_ALL=C $OV -e "$script"
echo "-- C.UTF-8"
LC_ALL=C.UTF-8 $OV -e 'print(load_csv("data/complaints.csv"):select("summary"):head(4))'
echo "-- LANG=C, nothing else set"
env -u LC_ALL -u LC_CTYPE LANG=C $OV -e 'print(load_csv("data/complaints.csv"):select("summary"):head(4))'
