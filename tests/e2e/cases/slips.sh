# Common slips get Lua's words plus what to write instead (issue 18, item 4)
$OV -e 'chek(1)' 2>&1; echo "exit $?"
$OV -e 'prnt("a")' 2>&1; echo "exit $?"
$OV -e 'x = pirnt.y' 2>&1; echo "exit $?"
$OV -e 'x = nothinglikeanyname.y' 2>&1; echo "exit $?"
$OV -e 't = dataset("essex_seed_figures"); t.freq("figure")' 2>&1; echo "exit $?"
$OV -e 't = dataset("essex_seed_figures"); t:freq(figure)' 2>&1; echo "exit $?"
$OV -e 't = dataset("essex_seed_figures"); t:crosstab("figure")' 2>&1; echo "exit $?"
printf 'chek(1)\nprint("still here")\n' | $OV -i 2>&1; echo "exit $?"
# the part and the whole given the wrong way round (issue 18, item 14)
$OV -e 'print(check("0.2 per cent", 3787, 7))'
$OV -e 'print(check("5 per cent", 3787, 7))'
