# Nothing lost: a write that fails (a file size limit, a full device, a
# missing folder) is an error naming the file, and the file that was there
# before is left byte for byte as it was, with no temporary file behind.
printf 'id,note\n1,the old contents\n' > old.csv
cp old.csv before.csv
printf 'old report\n' > report.txt
cp report.txt before.txt
# ulimit -f 1 allows 512 or 1024 bytes; the new CSV is 1,233
(
    ulimit -f 1
    $OV -e 't = load_csv("data/complaints.csv") t:write("old.csv")'
    echo "status $?"
    $OV -i <<'LUA' 2>&1
t = load_csv("data/complaints.csv")
.output report.txt
print(t)
.output stdout
print("the session goes on")
LUA
    echo "status $?"
)
cmp old.csv before.csv && echo "old.csv unchanged"
cmp report.txt before.txt && echo "report.txt unchanged"
echo "temporary files left: $(ls -a | grep -c '\.tmp-')"
$OV -e 't = example() t:write("/dev/full")'
echo "status $?"
$OV -e 't = example() t:write("no/such/folder/x.csv")'
echo "status $?"
$OV -i <<'LUA' 2>&1
.record /dev/full
x = 1
print("still here", x)
LUA
echo "status $?"
