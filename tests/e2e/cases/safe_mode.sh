# --safe, for scripts one did not write: each blocked call names --safe,
# and what is allowed still works (-q: without the line saying which walls
# are up, which safe_walls.sh checks). Attacks: safe_hostile.sh.
for chunk in 'os.execute("true")' 'io.popen("ls")' 'os.remove("x")' \
    'os.rename("a", "b")' 'io.open("/tmp/ov-safe-test", "w")' \
    'example():write("/tmp/ov-safe-test.csv")' 'print(load("\27Lua"))' \
    'package.loadlib("libc.so.6", "puts")' 'debug.getinfo(1)'; do
    $OV -q --safe -e "$chunk" 2>&1
    echo "exit $?"
done
$OV -q --safe -e 'example():freq("force"):write("inside.csv") print(#load_csv("inside.csv"))' 2>&1
echo "exit $?"
printf '.output /tmp/ov-safe-out.txt\n.record /tmp/ov-safe-rec.lua\n' | $OV -q --safe -i 2>&1
echo "exit $?"
