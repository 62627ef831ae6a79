# A write that does not finish leaves no temporary file and the old file
# as it was; .output then os.exit() still puts the results in place.
printf 'old\n' >result.txt
printf '.output result.txt\nprint("to the file")\nos.exit(0)\n' | $OV -q -i
echo "exit $?"
cat result.txt
ls | grep -c 'tmp-' || true
# SIGTERM while results go to a .output file: the old file stays
printf 'old\n' >kept.txt
{ printf '.output kept.txt\nprint("never")\nwhile true do end\n'; sleep 30; } | $OV -q -i &
pid=$!
i=0
while [ $i -lt 2400 ] && ! ls | grep -q 'kept.txt.tmp-'; do sleep 0.05; i=$((i + 1)); done
ls | grep -c 'kept.txt.tmp-'
kill -TERM $pid
{ wait $pid; } 2>/dev/null
echo "exit $?"
cat kept.txt
ls | grep -c 'tmp-' || true
# SIGTERM in the middle of t:write of a large table
awk 'BEGIN { print "id,force,outcome"; for (i = 0; i < 100000; i++) printf "%d,force %d,outcome %d\n", i, i % 43, i % 7 }' >big.csv
printf 'old\n' >copy.csv
$OV -q -e 't = load_csv("big.csv") io.stderr:write("loaded\n") for i = 1, 1000 do t:write("copy.csv") end' 2>err.txt &
pid=$!
i=0
while [ $i -lt 2400 ] && ! ls | grep -q 'copy.csv.tmp-'; do sleep 0.05; i=$((i + 1)); done
# (a write may end between the look and the kill: the loop starts another)
[ $i -lt 2400 ] && echo "a write was under way"
kill -TERM $pid
{ wait $pid; } 2>/dev/null
echo "exit $?"
cat err.txt
ls | grep -c 'tmp-' || true
# copy.csv is the old file or a whole copy, never a part
case $(wc -l <copy.csv) in 1 | 100001) echo "copy.csv is whole" ;; *) wc -l copy.csv ;; esac
