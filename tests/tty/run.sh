#!/bin/sh
# run.sh - the shell in a real terminal, driven by tmux (send-keys /
# capture-pane): prompt and expression printing, continuation prompt,
# Ctrl-C during a running loop and at the prompt, Ctrl-D, and history kept
# across sessions with a multi-line entry recalled whole; the notes only a
# terminal gets (load report, join summary).
. "$(dirname "$0")/../e2e/setup.sh"
. "$(dirname "$0")/lib.sh"
mkdir -p "$OV_TMP/work"
ln -s "$OV_SRCDIR/tests/data" "$OV_TMP/work/data"

start_shell a
expect a "banner and prompt" '^ov>'

line a '1+1'
expect a "an expression prints its value" '^2$'

line a 'for i=1,2 do'
expect a "continuation prompt while the chunk is incomplete" '^\.\.> $|^\.\.>$'
line a 'print(i*10)'
line a 'end'
expect a "the finished loop runs" '^20$'

line a 'x = 41'
line a 'while true do end'
sleep 0.5
expect_interrupt a "Ctrl-C stops a running loop"
line a 'x + 1'
expect a "globals survive the interrupt" '^42$'

type_text a 'garbage here'
sleep 0.2
keys a C-c
sleep 0.2
line a 'print("clean " .. "line")'
expect a "Ctrl-C at the prompt discards the typed line" '^clean line$'

line a 'error("boom")'
expect a "an error is reported and the session goes on" '^stdin:1: boom$'

# a long load: a progress bar, then Ctrl-C cancels it and keeps the tables
awk 'BEGIN { print "id,force,n,summary";
             for (i = 0; i < 1800000; i++)
                 printf "%d,Force %d,%d,\"text, with a comma and \"\"quotes\"\"\"\n", i, i % 43, i % 1000 }' \
    > "$OV_TMP/work/big.csv"
line a 'small = load_csv("data/complaints.csv")'
expect a "an interactive load prints a report" '^loaded complaints: 10 rows × 8 columns in'
line a 'big = load_csv("big.csv")'
if wait_for a 'loading big.csv +[0-9]+% \[' 5; then ok "a progress bar for a file over 50 MB"; else bad "a progress bar for a file over 50 MB" a; fi
expect_interrupt a "Ctrl-C cancels a load"
keys a C-l
line a '#small, big'
expect a "the earlier table is intact, the cancelled one never existed" '^10[[:space:]]+nil$'

keys a C-d
if pane_dead a; then ok "Ctrl-D leaves the shell"; else bad "Ctrl-D leaves the shell" a; fi

hist=$XDG_STATE_HOME/oversight/history
if [ -f "$hist" ] && grep -q '^print(i\*10)$' "$hist"; then
    ok "history is written to \$XDG_STATE_HOME/oversight/history"
else
    tfail=$((tfail + 1))
    echo "FAIL: history file $hist missing or without the loop"
fi

# a second session recalls the two-line loop as one entry: newest first,
# it is 9 entries back (#small, big =, small =, error, print, x + 1, while,
# x = 41, for)
start_shell b
expect b "second session starts" '^ov>'
keys b Up Up Up Up Up Up Up Up Up
sleep 0.3
keys b Enter
if wait_for b '^10$' 3 && wait_for b '^20$' 1; then
    ok "Up recalls the multi-line loop whole in the next session"
else
    bad "Up recalls the multi-line loop whole in the next session" b
fi

# notes at the terminal: a join says what it made of repeated keys
line b 's = load_csv("data/complaints.csv")'
line b 'j = s:join(s:select("complaint_id", "category"), "complaint_id")'
expect b "a join reports keys matched more than once" \
    '^join: 12 rows from 10 \(2 matched more than one row: many-to-many\)'
keys b C-d
pane_dead b || true

tty_summary
