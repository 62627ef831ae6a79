# stdin that is not a terminal runs as one script: no prompt, no echo
echo 'x = 6*7 print(x)' | $OV
printf 'local n = 0\nfor i = 1, 4 do n = n + i end\nprint(n)\n' | $OV
echo 'print(arg[0])' | $OV -
