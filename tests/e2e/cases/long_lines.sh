# An endless line of statements (.read /dev/zero, --step, -i from a pipe)
# used to be read for ever by getline, outside the --max-memory count and
# deaf to Ctrl-C. Lines stop at 64 MiB with a message naming the file and
# line, count against --max-memory, and Ctrl-C stops a read that waits.
printf '.read /dev/zero\nprint("after")\n' >cmds
timeout 60 $OV -q -i <cmds
echo "exit $?"
timeout 60 $OV -q -i --max-memory 16M <cmds
echo "exit $?"
timeout 60 $OV -q -i </dev/zero
echo "exit $?"
timeout 60 $OV -q --step /dev/zero </dev/null
echo "exit $?"
# a line just under the limit is read and run
{ printf 'x = "'; head -c 1000000 /dev/zero | tr '\0' a; printf '" print(#x)\n'; } >long.lua
printf '.read long.lua\n' | timeout 60 $OV -q -i
echo "exit $?"
# Ctrl-C while .read waits on a pipe that never ends its line
# (the signal goes once .read has opened the pipe: under valgrind the
# start alone can take seconds). Sent at once, it can come before the
# first read waits, when no read is there to end with EINTR: the reader
# still stops at the next byte the pipe sends (it used to read 64 KiB,
# 14 minutes of this pipe, before it looked).
for pause in 0.5 0; do
    rm -f slow.fifo opened
    mkfifo slow.fifo
    (exec 3>slow.fifo; : >opened; while :; do printf 'aaaa' >&3; sleep 0.05; done) 2>/dev/null &
    writer=$!
    printf '.read slow.fifo\nprint("after")\n' >cmds
    $OV -q -i <cmds >bg.log 2>&1 &
    pid=$!
    i=0
    while [ ! -e opened ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    sleep $pause
    kill -INT $pid
    (sleep 30; kill -KILL $pid 2>/dev/null) &
    killer=$!
    wait $pid
    echo "exit $?"
    kill $killer $writer 2>/dev/null
    wait $killer $writer 2>/dev/null
    cat bg.log
done
