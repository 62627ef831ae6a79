#!/bin/sh
# run.sh - the shell in a real terminal, driven by tmux (send-keys /
# capture-pane): prompt and expression printing, continuation prompt,
# Ctrl-C during a running loop, a query, a load and at the prompt, Ctrl-D,
# history kept across sessions with a multi-line entry recalled whole; the
# notes only a terminal gets (load report, join summary); Tab completion,
# .record and its replay, a --step lesson, --max-memory at the prompt, and
# --safe (its start-up line, Ctrl-C and history behind the walls).
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

# two Ctrl-C in quick succession during a query loop: one interruption,
# and the session and its values are intact
line a 'e = example() for i = 1, 1e9 do local f = e:freq("force") end'
sleep 0.5
keys a C-c C-c
if wait_for a '^interrupted$' 2 && wait_for a '^ov>$' 1; then
    ok "two Ctrl-C during a running query: back at the prompt"
else
    bad "two Ctrl-C during a running query: back at the prompt" a
fi
keys a C-l
line a '#e, x'
expect a "the table and values made before it are intact" '^10[[:space:]]+41$'

type_text a 'garbage here'
sleep 0.2
keys a C-c
sleep 0.2
line a 'print("clean " .. "line")'
expect a "Ctrl-C at the prompt discards the typed line" '^clean line$'

line a 'error("boom")'
expect a "an error is reported and the session goes on" '^stdin:1: boom$'

# a long load: a progress bar, then Ctrl-C cancels it and keeps the tables.
# 5.4M rows (245 MB): the loader reads 1.8M of them in about a second, over
# before a Ctrl-C sent when the progress bar shows could arrive
awk 'BEGIN { for (i = 0; i < 1800000; i++)
                 printf "%d,Force %d,%d,\"text, with a comma and \"\"quotes\"\"\"\n", i, i % 43, i % 1000 }' \
    > "$OV_TMP/work/rows.csv"
{ echo "id,force,n,summary"; cat "$OV_TMP/work/rows.csv" "$OV_TMP/work/rows.csv" "$OV_TMP/work/rows.csv"; } \
    > "$OV_TMP/work/big.csv"
rm "$OV_TMP/work/rows.csv"
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
# it is 11 entries back (#small, big =, small =, error, print, #e, e =,
# x + 1, while, x = 41, for)
start_shell b
expect b "second session starts" '^ov>'
keys b Up Up Up Up Up Up Up Up Up Up Up
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
    '^join: 12 rows from 10; many-to-many \(2 rows matched more than one row of the other\)'
keys b C-d
pane_dead b || true

# completion: a column name inside a method's quotes, a method after "t:",
# a dot-command; and .record, whose file replays the session
start_shell c -q
line c 't = load_csv("data/complaints.csv")'
wait_prompt c
type_text c 't:freq("ou'
keys c Tab
expect c "Tab completes a column name inside t:freq(\"" '^ov> t:freq\("outcome"$'
type_text c ')'
keys c Enter
expect c "the completed call runs" 'Service level not acceptable +│ +1 │'
keys c C-l
type_text c 't:fr'
keys c Tab
expect c "Tab completes a method after t:" '^ov> t:freq$'
keys c C-u
# a path with folders: readline's word is the whole string, not its last part
type_text c 'u = load_csv("./data/compl'
keys c Tab
expect c "Tab completes a path with folders inside load_csv(\"" '^ov> u = load_csv\("\./data/complaints\.csv"$'
keys c C-u
type_text c '.sch'
keys c Tab
expect c "Tab completes a dot-command" '^ov> \.schema ?$'
keys c C-u
type_text c "t:where(\"force == 'Ess"
keys c Tab
expect c "Tab completes a value inside a comparison" "^ov> t:where\\(\"force == 'Essex Police\$"
keys c C-u
type_text c 't:mutate{ a = "off'
keys c Tab
expect c "Tab completes a column inside a table argument" '^ov> t:mutate\{ a = "officer_age$'
keys c C-u
type_text c 't:where("year > 2020"):freq("out'
keys c Tab
expect c "Tab completes a column along a chain" '^ov> t:where\("year > 2020"\):freq\("outcome"$'
keys c C-u
# .output FILE from a terminal: the file gets plain tables, not boxes
line c '.output freq.txt'
wait_prompt c
line c 't:freq("force")'
wait_prompt c
line c '.output stdout'
wait_prompt c
if [ -s "$OV_TMP/work/freq.txt" ] && ! grep -q '│' "$OV_TMP/work/freq.txt" &&
    grep -q '^Essex Police' "$OV_TMP/work/freq.txt"; then
    ok ".output FILE from a terminal writes plain tables"
else
    bad ".output FILE from a terminal writes plain tables" c
    sed 's/^/    | /' "$OV_TMP/work/freq.txt"
fi
keys c C-l
line c '.record s.lua'
expect c ".record begun mid-session names what it needs" \
    '^\(\.record: the recording uses t, made before it began\)$'
line c 'x = pct(7, 3787)'
line c 'x'
line c 'local y = 5'
expect c "a local at the prompt says it lasts for its statement" \
    '^\(a local lasts for this statement only at the prompt: write y = \.\.\. to keep y\)$'
line c 't:crosstab("force", "year")'
line c '.record off'
expect c "statements print while recorded" '^0\.2%$'
keys c C-d
pane_dead c || true
cat >"$OV_TMP/want.lua" <<'LUA'
-- recorded from the middle of a session: this uses t, made before the recording began
x = pct(7, 3787)
print(x)
do
local y = 5
end
print(t:crosstab("force", "year"))
LUA
if cmp -s "$OV_TMP/want.lua" "$OV_TMP/work/s.lua"; then
    ok ".record wrote the three statements as a script"
else
    tfail=$((tfail + 1))
    echo "FAIL: .record wrote:"
    sed 's/^/    | /' "$OV_TMP/work/s.lua"
fi
printf 't = load_csv("data/complaints.csv")\n' >"$OV_TMP/work/replay.lua"
cat "$OV_TMP/work/s.lua" >>"$OV_TMP/work/replay.lua"
# (-i keeps the pane alive: tmux can drop the first line of a pane that
# dies at once)
start_shell d -q -i replay.lua
if wait_for d '^0\.2%$' 5 && wait_for d '│ Essex Police +│ +2 │ +2 │ +1 │ +1 │ +6 │' 2; then
    ok "oversight s.lua prints what the session printed"
else
    bad "oversight s.lua prints what the session printed" d
fi
keys d C-d

# --step: a lesson, one statement per key press
start_shell e --step data/lesson.lua
expect e "--step shows the first statement with its comment" '^ov> t = example\(\)$'
keys e Enter
expect e "Enter runs it and shows the next" '^ov> t:freq\("outcome"\)$'
if [ "$(count_lines e 'Enter runs it')" = 1 ]; then
    ok "the key line of a step that ran is wiped"
else
    bad "the key line of a step that ran is wiped" e
fi
type_text e 'b'
expect e "b goes back a step" '^\(back one step\)$'
i=0
while [ "$(count_lines e '^ov> t = example\(\)$')" != 2 ] && [ $i -lt 100 ]; do
    sleep 0.05
    i=$((i + 1))
done
if [ "$(count_lines e '^ov> t = example\(\)$')" = 2 ]; then
    ok "going back shows the step before again"
else
    bad "going back shows the step before again" e
fi
keys e Enter
keys e Enter
expect e "the next one prints its table" 'Referred to misconduct proceedings'
type_text e 'q'
if pane_dead e; then ok "q leaves the lesson, with no Enter"; else bad "q leaves the lesson, with no Enter" e; fi

# long output at the prompt, a screen at a time (40 rows): help() is longer
start_shell p -q
wait_prompt p
line p 'help()'
expect p "long output stops when the window is full" '^-- more: Space the next screen, Enter a line, q stops --'
if [ "$(screen p | grep -c .)" -le 40 ] && ! screen p | grep -q '^ov> $'; then
    ok "the rest waits for a key"
else
    bad "the rest waits for a key" p
fi
type_text p ' '
sleep 0.3
type_text p ' '
expect p "Space shows the next screen, to the end" '^\.help lists the dot-commands\.$'
keys p C-l
line p 'help()'
expect p "a new statement pages afresh" '^-- more: Space the next screen, Enter a line, q stops --'
type_text p 'q'
if wait_prompt p && ! screen p | grep -q '^\.help lists'; then
    ok "q drops the rest and goes back to the prompt"
else
    bad "q drops the rest and goes back to the prompt" p
fi
line p '.pager off'
keys p C-l
line p 'help()'
if wait_prompt p && ! screen p | grep -q -- '-- more'; then
    ok ".pager off prints it all"
else
    bad ".pager off prints it all" p
fi
keys p C-d

# -i --step: after the lesson, the shell, with what the lesson made
start_shell e2 -q -i --step data/lesson.lua
expect e2 "-i --step shows the lesson" '^ov> t = example\(\)$'
keys e2 Enter
type_text e2 'q'
if wait_prompt e2; then ok "-i --step: q leaves the lesson for the prompt"; else bad "-i --step: q leaves the lesson for the prompt" e2; fi
line e2 'print(#t)'
expect e2 "-i --step: the lesson's tables are there" '^10$'
keys e2 C-d

# --max-memory at the prompt: a load past the limit is an error naming it;
# the session and the table loaded before it go on
start_shell f -q --max-memory 32M
line f 'small = load_csv("data/complaints.csv")'
line f 'big = load_csv("big.csv")'
expect f "a load past --max-memory says so" \
    'load_csv: memory limit of 32 MB reached while loading big.csv \(raise it with --max-memory\)'
keys f C-l
line f '#small, big, small:freq("force"):head(1)'
expect f "the session goes on with the earlier table" '^10[[:space:]]+nil$'
keys f C-d

# a history file or init.lua that is there but cannot be read (here: a
# directory, which even root cannot read as a file) is said, not skipped;
# the session goes on
mkdir -p "$OV_TMP/badstate/oversight/history" "$OV_TMP/badconf/oversight/init.lua"
T -f /dev/null new-session -d -s g -x 100 -y 40 \
    "cd '$OV_TMP/work' && env HOME='$HOME' XDG_STATE_HOME='$OV_TMP/badstate' \
     XDG_CONFIG_HOME='$OV_TMP/badconf' TERM=screen LC_ALL=C $OV -q"
T set-option -t g remain-on-exit on >/dev/null
expect g "an unreadable init.lua is reported" \
    'cannot read .*badconf/oversight/init\.lua: Is a directory|init\.lua.*Is a directory'
expect g "an unreadable history file is reported" \
    '^oversight: history: cannot read .*badstate/oversight/history'
line g 'print(6 * 7)'
expect g "the session goes on without them" '^42$'
keys g C-d

# --safe at the terminal: the line saying which walls are up, readline and
# Ctrl-C working behind them, writes outside refused, history still kept
# (Landlock lets oversight, not the script, write the history's folder)
start_shell h --safe
expect h "--safe says which walls are up" '^--safe: Lua sandbox on; seccomp on'
line h 'safe_marker = 6 * 7'
line h 'safe_marker'
expect h "statements run behind the walls" '^42$'
line h 'while true do pcall(function() while true do end end) end'
sleep 0.5
expect_interrupt h "Ctrl-C stops a loop that catches it, under --safe"
line h 'io.open("../outside.txt", "w")'
expect h "--safe refuses a write outside the working directory" \
    'writing to \.\./outside\.txt is blocked by --safe'
keys h C-d
if pane_dead h && grep -q '^safe_marker = 6 \* 7$' "$hist"; then
    ok "a --safe session keeps its history"
else
    bad "a --safe session keeps its history" h
fi

# the shell's own Lua work runs in the protected call (issue 12's red
# team): the banner reading a hostile ov, the prompt reading _PROMPT,
# printing a value whose __tostring fails or never ends. Each aborted the
# process ("unprotected Lua error", status 134) or could not be stopped.
# at a 100-column terminal a table wider than the screen narrows its
# widest text (summary) and keeps every column; piped, nothing is cut
start_shell w -q
line w 'print(load_csv("data/complaints.csv"):select("complaint_id", "summary", "category", "outcome"):head(2))'
expect w "a wide table narrows its long text to the terminal" '^│ CO-001 +│ Complainant says .*… │ Use of force +│ No further action +│$'
if [ "$(screen w | grep -c '…')" -ge 1 ] && ! screen w | grep -q 'more column'; then
    ok "no column is left out for one long text"
else
    bad "no column is left out for one long text" w
fi
keys w C-d

# a terminal whose locale is not UTF-8 (LANG=C): the boxes in ASCII
OV_LOCALE=C start_shell asc -q
line asc 't = load_csv("data/complaints.csv"):freq("force")'
line asc 't'
expect asc "LANG=C: a table's box is drawn in ASCII" '^\+-+\+-+\+'
expect asc "LANG=C: cells between ASCII bars" '^\| Essex Police +\| +6 \|'
keys asc C-d

start_shell i -e "'ov = setmetatable({}, { __index = error })'" -i
expect i "the banner survives an ov whose __index raises" '^oversight .* police accountability'
keys i C-d
start_shell k -q
line k 'setmetatable(_G, { __index = function(_, k) if k:find("^_PROMPT") then error("p") end end })'
line k 'print(6 * 7)'
expect k "the prompt survives a _G.__index that raises" '^ov> $|^ov>$'
line k 'bad = setmetatable({}, { __tostring = function() error("no text") end })'
line k 'bad'
expect k "a __tostring that fails is an error, not an abort" '^stdin:1: no text$'
line k 'slow = setmetatable({}, { __tostring = function() while true do end end })'
line k 'slow'
sleep 0.5
expect_interrupt k "Ctrl-C stops a __tostring that never ends"
line k 'print(6 * 8)'
expect k "the session goes on after it" '^48$'
keys k C-d
# --safe: a __tostring stuck in a C call (a backtracking pattern) is
# ended by the second Ctrl-C, status 130, as for any statement
start_shell_status j -q --safe
line j 'x = setmetatable({}, { __tostring = function() return tostring(("a"):rep(40):find(("a*"):rep(40) .. "b")) end })'
line j 'x'
sleep 0.5
keys j C-c
sleep 2.5
# a loaded machine may deliver the first Ctrl-C late, so that the second
# comes less than 2 s after it: then a third (up to ten) must end it; none
# once it says it is ending (an ASan build's exit takes seconds)
n=0
while [ $n -lt 10 ] && ! wait_for j 'ending it' 1; do
    keys j C-c
    n=$((n + 1))
done
if wait_for j '^exit status 130$' 15; then
    ok "--safe: a __tostring stuck in C is ended by Ctrl-C twice, status 130"
else
    bad "--safe: a __tostring stuck in C is ended by Ctrl-C twice, status 130" j
fi
T kill-session -t j 2>/dev/null || true

tty_summary
