# A file of statements that cannot be read (a directory here: fopen takes
# it and it reads as empty) is an error, never a silent success.
mkdir adir
printf '.read adir\nprint("after")\n' | $OV -q -i 2>&1
echo "exit $?"
$OV --step adir </dev/null 2>&1
echo "exit $?"
$OV adir 2>&1
echo "exit $?"
