# --safe against a hostile script (issue 12): each promise of the man
# page's --safe paragraph, tried the way an attacker would.
out=$(cd .. && pwd -P)/outside.safe_hostile
here=$(pwd -P)
rm -rf "$out"
mkdir "$out"
# run CMD...: its output and status, with the two folders' names made fixed
run() {
    "$@" >run.log 2>&1
    st=$?
    sed -e "s|$out|OUTSIDE|g" -e "s|$here|HERE|g" run.log
    rm -f run.log
    echo "exit $st"
}
echo "== no write outside the working directory"
# a dangling link planted in the folder: each write path used to follow it
ln -s "$out/x" out.txt
for mode in w a r+ w+ a+ wb; do
    run $OV -q --safe -e "io.open('out.txt', '$mode')"
done
run $OV -q --safe -e 'io.output("out.txt")'
run $OV -q --safe -e 'example():write("out.txt")'
printf '.output out.txt\n.record out.txt\n' >cmds
run $OV -q --safe -i <cmds
# relative links, a linked folder, "..", absolute paths, /proc's links
ln -s ../outside.safe_hostile/y rel.txt
ln -s "$out" sub
mkdir real
ln -s real inner
for p in rel.txt sub/z.txt sub/../x.txt ../x.txt real/../../x.txt "$out/abs.txt" \
    /proc/self/cwd/../x.txt /proc/self/fd/1 inner/../../x.txt; do
    run $OV -q --safe -e "io.open('$p', 'w')"
done
run $OV -q --safe -e 'example():write("sub/t.csv")'
printf '.output sub/o.txt\n.record rel.txt\n' >cmds
run $OV -q --safe -i <cmds
# a hard link to a file outside: written in place, the file outside would
# change; t:write replaces the link instead
echo "outside, unchanged" >"$out/hard"
ln "$out/hard" hard.txt
run $OV -q --safe -e 'io.open("hard.txt", "a"):write("changed")'
run $OV -q --safe -e 'io.open("hard.txt", "r+"):write("changed")'
printf '.record hard.txt\nx = 1\n' >cmds
run $OV -q --safe -i <cmds
run $OV -q --safe -e 'example():write("hard.txt")'
# a FIFO is refused, not waited on
mkfifo fifo
run timeout 10 $OV -q --safe -e 'io.open("fifo", "w")'
echo "outside the folder now:"
ls "$out"
cat "$out/hard"
# inside, writing works: through a link that stays inside, too
ln -s real/f.txt inlink.txt
run $OV -q --safe -e 'io.open("inlink.txt", "w"):write("via link\n") io.open("new.txt", "a+"):write("new\n")
  example():write("real/t.csv") io.output("real/o.txt") io.write("o\n")'
printf '.output real/out.txt\nprint(1)\n.output stdout\n.record real/rec.lua\nx = 2\n' >cmds
run $OV -q --safe -i <cmds
cat real/f.txt new.txt real/o.txt real/out.txt real/rec.lua
wc -l <real/t.csv
