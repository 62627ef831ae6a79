$OV -e 'print(1+1)'
$OV -e 'x = 20' -e 'print(x + 1)'
