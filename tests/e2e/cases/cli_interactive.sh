# -i after -e: the interactive path reads stdin; expressions print
printf 'x\nx * 2\n' | $OV -e 'x = 5' -i
# --bail stops at the first error
printf 'error("first")\nprint("not reached")\n' | $OV -i --bail
echo "status $?"
# without it, reading goes on and the status still says something failed
printf 'error("first")\nprint("reached")\n' | $OV -i
echo "status $?"
