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

echo "== what the shell runs of a script's code is protected"
for safe in "" --safe; do
    # printing a value: its __tostring (also the string type's)
    printf '%s\n' 'x = setmetatable({}, { __tostring = function() error("no text") end })' \
        '=x' 'x, 1' 'print("after")' \
        'getmetatable("").__tostring = function() error("no string") end' \
        '="hi"' 'getmetatable("").__tostring = nil' 'print("after")' >in
    run $OV -q $safe -i <in
    # .schema and .tables read globals raw: _G.__index is not called
    printf '%s\n' 't = example()' 'local _ = setmetatable(_G, { __index = function() error("index") end })' \
        '.schema nosuch' '.schema tt' '.schema' '.tables' 'print("after")' >in
    run $OV -q $safe -i <in
    # --step prints values as the prompt does
    printf '%s\n' '-- a value that cannot be printed' \
        'x = setmetatable({}, { __tostring = function() error("no text") end })' \
        'x' 'print("after")' >lesson.lua
    printf '\n\n\n\n' | run $OV -q $safe --step lesson.lua
done
# Ctrl-C reaches a __tostring that never ends
printf '%s\n' 'do io.open("ready", "w"):close() end' \
    'x = setmetatable({}, { __tostring = function() while true do end end })' \
    'x' 'print("after")' >in
rm -f ready
$OV -q -i <in >bg.log 2>&1 &
pid=$!
i=0
while [ ! -f ready ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
kill -INT $pid
(sleep 10; kill -KILL $pid 2>/dev/null) &
killer=$!
wait $pid
st=$?
kill $killer 2>/dev/null
wait $killer 2>/dev/null
cat bg.log
echo "exit $st"
