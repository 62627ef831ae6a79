# --safe with lua(1)'s command line: LUA_INIT runs inside the sandbox, by
# the script's rules; -l loads Lua text and oversight's own module but no C
# module; -E skips LUA_INIT. A hostile LUA_INIT tries what a script would.
unset LUA_INIT LUA_INIT_5_4 LUA_PATH LUA_CPATH
export LUA_PATH_5_4='./?.lua' LUA_CPATH_5_4='./?.so'
echo "-- LUA_INIT is held by the walls, and stops the run"
for init in 'os.execute("echo escaped")' 'package.loadlib("libc.so.6", "puts")' \
    'io.open("../escaped.txt", "w")' 'print(load("\27Lua"))'; do
    LUA_INIT=$init $OV -q --safe -e 'print("not reached")' 2>&1
    echo "exit $?"
done
printf 'os.remove("init.lua")\n' >init.lua
LUA_INIT='@init.lua' $OV -q --safe -e 'print("not reached")' 2>&1
echo "exit $? (init.lua still there: $(ls init.lua))"
echo "-- an allowed LUA_INIT runs, before the chunk"
LUA_INIT='x = 41' $OV -q --safe -e 'print(x + 1)' 2>&1
echo "-- -E: LUA_INIT not run at all"
LUA_INIT='os.execute("echo escaped")' $OV -q --safe -E -e 'print("chunk only")' 2>&1
echo "exit $?"
echo "-- -l: no C module (a file evil.so is never opened), Lua text yes"
echo 'not an ELF file' >evil.so
$OV -q -l evil 2>&1
$OV -q --safe -l evil 2>&1
echo "exit $?"
echo 'return { n = 7 }' >plain.lua
$OV -q --safe -l plain -e 'print(plain.n)' 2>&1
$OV -q --safe -l m=oversight -e 'print(m.pct(1, 4), m.load_csv == load_csv)' 2>&1
