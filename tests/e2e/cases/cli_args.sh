cat > args.lua <<'LUA'
print(#arg, arg[0], arg[1], arg[2])
print(select('#', ...), ...)
LUA
$OV args.lua first "second arg"
$OV -e 'print(arg[0] ~= nil)' args.lua x
