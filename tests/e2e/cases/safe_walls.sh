# --safe's start-up line says which walls are up (the ABI number and an
# ASan build's allowance vary, so they are made fixed here); -q leaves it
# out; the kernel shows the filter and no_new_privs on the process. That
# the walls hold with the Lua wall out of the way: tests/unit/check_sandbox.
fixed() {
    sed -E -e 's/\(ABI [0-9]+\)/(ABI N)/' -e 's/seccomp on \(.*LeakSanitizer\)/seccomp on/'
}
$OV --safe -e 'print("ran")' 2>&1 | fixed
printf 'print("from stdin")\n' | $OV --safe 2>&1 | fixed
$OV -q --safe -e 'print("quiet")' 2>&1
$OV --safe -q -e 'for l in io.lines("/proc/self/status") do
    if l:match("^Seccomp:") or l:match("^NoNewPrivs:") then print(l) end
end' 2>&1
# without --safe: no line, no filter
$OV -e 'for l in io.lines("/proc/self/status") do
    if l:match("^Seccomp:") then print(l) end
end' 2>&1
