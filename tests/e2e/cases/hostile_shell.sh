# A script that replaces library functions or gives values hostile
# metamethods cannot crash the shell, with or without --safe (issue 12's
# red team). Each case used to end in a segfault or in "unprotected Lua
# error" (exit 134).
# run CMD...: its output and exit status
run() {
    "$@" >run.log 2>&1
    st=$?
    cat run.log
    rm -f run.log
    echo "exit $st"
}

echo "== C code never calls a library function through a global"
for safe in "" --safe; do
    run $OV -q $safe -e 'table.sort = function(l) l[1] = "nope" end
      print(new_table{ b = { 1, 2 }, a = { 3, 4 } })
      print(#example():where{ force = "Kent Police", year = 2020 })
      print(example():rename{ force = "f", year = "y" }:names()[2])'
    printf 't = example()\ntable.sort = function(l) l[1] = "nope" end\n.schema\n.tables\n' >in
    run $OV -q $safe -i <in
    printf 'table.concat = function() error("no") end\nt = example():group_by("force", "year")\n=t\nprint(t)\n' >in
    run $OV -q $safe -i <in
done
