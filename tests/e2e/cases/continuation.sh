# Continuation lines as the lua REPL reads them (issue 18, item 2): an
# expression left open waits for its end; a string left open at the end of
# a line is an error at once and does not swallow the next line.
printf '%s\n' '1 +' '2' 'print("abc' 'print("next line runs")' \
    'x = [[long' 'string]]' 'print(x)' 'y = "a\' 'b"' 'print(y)' '(1 +' '2) * 3' | $OV -i 2>&1
