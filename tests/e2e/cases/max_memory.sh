# --max-memory: a load that would pass the limit fails with a message
# naming it and exit status 1; at a prompt the session goes on with its
# tables; a malformed size is a usage error (2).
awk 'BEGIN { print "id,force,n,summary";
             for (i = 0; i < 400000; i++)
                 printf "%d,Force %d,%d,\"complaint text number %d, with a comma\"\n", i, i % 43, i % 1000, i }' \
    > big.csv
$OV --max-memory 16M -e 't = load_csv("big.csv")'
echo "status $?"
$OV --max-memory 16M -e 'x = {} for i = 1, 1e8 do x[i] = i end'
echo "status $?"
# the same load fits in 1G
$OV --max-memory 1G -e 't = load_csv("big.csv") print(#t)'
echo "status $?"
# a session reading statements: the failed load is reported, the earlier
# table is kept, later statements run
$OV --max-memory 16M -i 2>&1 <<'LUA'
small = load_csv("data/complaints.csv")
big = load_csv("big.csv")
print(#small, big)
print(small:freq("outcome"):head(2))
LUA
echo "status $?"
$OV --max-memory 10M -e 1
echo "status $?"
$OV --max-memory lots -e 1
echo "status $?"
