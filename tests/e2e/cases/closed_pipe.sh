# Output to a pipe that closes early (| head) ends quietly: no message on
# stderr, and what was read is right.
$OV -e 'for i = 1, 1000000 do print(i) end' | head -3
$OV -e 'ov.display{ mode = "csv", rows = 0 } print(load_csv("data/complaints.csv"))' | head -2
