# .load never replaces a built-in or takes a Lua word as a name (issue 18, item 3)
printf 'a,b\n1,2\n' > check.csv
cp check.csv end.csv
cp check.csv ok.csv
printf '%s\n' '.load check.csv' 'print(type(check), #check_t)' \
    '.load end.csv' 'print(#end_t)' \
    '.load ok.csv AS end' '.load ok.csv AS print' '.load ok.csv AS string' \
    'print(type(print), type(string))' \
    '.load ok.csv AS x' '.load ok.csv AS x' 'print(#x)' | $OV -i 2>&1
