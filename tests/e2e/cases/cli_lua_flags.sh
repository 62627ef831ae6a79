# lua(1)'s command line beside oversight's own: -l, -E, -W, -, -v and
# LUA_INIT, each as lua5.4 has it
unset LUA_INIT LUA_INIT_5_4 LUA_PATH LUA_CPATH
export LUA_PATH_5_4='./?.lua' LUA_CPATH_5_4='./?.so'
cat >greet.lua <<'LUA'
return { hello = function() return "hello from greet" end }
LUA
echo "-- -l MOD: require into the global MOD; -l G=MOD: into G; in order with -e"
$OV -l greet -e 'print(greet.hello())'
$OV -l g=greet -e 'print(g.hello(), greet)'
$OV -e 'print(greet)' -l greet -e 'print(greet ~= nil)'
echo "-- -l oversight: the shell's own functions, as require gives them"
$OV -l m=oversight -e 'print(m.load_csv == load_csv, m.version == ov.version, m.print)'
echo "-- a module that is not there: require's message, nothing after it runs"
$OV -l nosuchmod -e 'print("not reached")' 2>&1
echo "status $?"
$OV -l 2>&1
echo "status $?"

echo "-- LUA_INIT_5_4 wins over LUA_INIT; @FILE runs the file; both before -e"
LUA_INIT='print("LUA_INIT ran")' $OV -e 'print("chunk")'
LUA_INIT='print("LUA_INIT ran")' LUA_INIT_5_4='print("LUA_INIT_5_4 ran")' $OV -e 'print("chunk")'
echo 'print("init file ran", greeting)' >init.lua
LUA_INIT='@init.lua' $OV -e 'greeting = "set later"' -e 'print(greeting)'
echo "-- an error in LUA_INIT stops before the script, as lua does"
LUA_INIT='error("broken init")' $OV -e 'print("not reached")' 2>&1
echo "status $?"
LUA_INIT='@no_such_init.lua' $OV -e 'print("not reached")' 2>&1
echo "status $?"
echo "-- -E: no LUA_INIT, and package.path without LUA_PATH"
LUA_INIT='print("LUA_INIT ran")' $OV -E -e 'print("chunk")'
$OV -e 'print(package.path, package.cpath)'
$OV -E -e 'print(package.path == "./?.lua", package.cpath == "./?.so")'
mkdir -p mods && echo 'return "from mods"' >mods/only_here.lua
LUA_PATH_5_4='mods/?.lua' $OV -l only_here -e 'print(only_here)'
LUA_PATH_5_4='mods/?.lua' $OV -E -l only_here 2>&1 | head -n 1
echo "-- -W: warnings on; without it warn() is silent until warn('@on')"
$OV -e 'warn("not shown")' -e 'print("no warning")' 2>&1
$OV -W -e 'warn("shown", " in two parts")' -e 'warn("@off")' -e 'warn("hidden")' 2>&1
$OV -e 'warn("@on")' -e 'warn("after @on")' 2>&1
echo "-- -: the script from standard input, with its arguments"
echo 'print("stdin says", arg[0], ...)' | $OV - a b
echo 'print("after -e")' | $OV -e 'print("first")' -
echo "-- -v: both versions; then what else was asked, as lua -v"
$OV -v | sed 's/[0-9][0-9.]*/N/g'
$OV -v -e 'print("then the chunk")' | sed 's/[0-9][0-9.]*/N/g'
$OV --version -e 'print("not run: --version exits")' | sed 's/[0-9][0-9.]*/N/g'
