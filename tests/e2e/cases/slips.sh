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
# a filter on text that matches nothing says what was likely meant (item 15)
$OV -e 't = example(); x = t:where("force == \x27essex police\x27")' -e 'print(#x)' 2>&1
$OV -e 't = example(); x = t:where("force == \x27Esex Police\x27 and year > 2000")' 2>&1
$OV -e 't = example(); x = t:where("force == \x27Nowhere at all\x27")' 2>&1
# a write to an extension oversight does not write is refused, not CSV (item 16)
$OV -e 'example():write("out.xls")' 2>&1; echo "exit $?"; [ -e out.xls ] && echo "out.xls written"
$OV -e 'example():write("out.html", { format = "csv" })' && head -1 out.html
# freq given two columns says what counts pairs (item 17)
$OV -e 'example():freq("force", "year")' 2>&1; echo "exit $?"
