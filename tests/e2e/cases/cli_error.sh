$OV -e 'error("boom")'
echo "status $?"
$OV -e 'print("first")' -e 'error("second fails")' -e 'print("third not run")'
echo "status $?"
