# The dot-commands, driven through the interactive path: .load (named after
# the file, or AS a name), .tables, .schema, .mode, .output (the file
# appears complete), .read, .record (the recording replays the session),
# .timer, and the errors each gives for wrong use. (.tables prints in csv
# mode: the source path's length depends on where the tree is.)
src=$(cd "$OV_SRCDIR" && pwd -P) # as the loader resolves it
$OV -i <<'IN' 2>&1 | sed -e 's/time: [0-9.]* s wall, [0-9.]* s CPU/time: (measured)/' -e "s|$src|(source)|g"
.load data/complaints.csv
.mode csv
.tables
.mode auto
.schema complaints
.schema complaint
.load data/complaints.csv AS c2
.load data/complaints.csv AS 2x
.mode markdown
c2:freq("force")
.mode
.mode jsn
.mode auto
.output out.txt
complaints:freq("year")
print("to the file")
.output stdout
.read data/lesson.lua
.record rec.lua
y = complaints:where("year >= 2022")
y:freq("outcome")
explain(pct(3, 10))
.record off
.timer on
1 + 1
.timer off
.frobnicate
.help mode
IN
echo "--- out.txt"
cat out.txt
echo "--- rec.lua"
cat rec.lua
echo "--- rec.lua replayed"
$OV -e 'complaints = load_csv("data/complaints.csv")' rec.lua
