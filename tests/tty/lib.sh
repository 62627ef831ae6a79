# lib.sh - helpers for terminal tests: a private tmux server, keys in,
# screen out, and waiting for text with a deadline. Sourced after
# tests/e2e/setup.sh.
TMUX_BIN=${TMUX_BIN:-tmux}
if ! command -v "$TMUX_BIN" >/dev/null 2>&1; then
    echo "SKIP: tmux is not installed (apt-get install tmux)"
    exit 77
fi
TSOCK=$OV_TMP/tmux.sock
tpass=0
tfail=0

T() { "$TMUX_BIN" -S "$TSOCK" "$@"; }

tmux_cleanup() {
    T kill-server >/dev/null 2>&1 || true
    rm -rf "$OV_TMP"
}
trap tmux_cleanup EXIT INT TERM

# start_shell NAME [ARGS...]: oversight in a 100x40 terminal window NAME
start_shell() {
    name=$1
    shift
    T -f /dev/null new-session -d -s "$name" -x 100 -y 40 \
        "cd '$OV_TMP/work' && exec env HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' \
         XDG_CONFIG_HOME='$XDG_CONFIG_HOME' TERM=screen LC_ALL=${OV_LOCALE:-C.UTF-8} $OV $*"
    T set-option -t "$name" remain-on-exit on >/dev/null
}

# start_shell_status NAME ARGS...: as start_shell, under bash, which
# prints "exit status N" when oversight ends and keeps the pane. tmux can
# mark a pane dead (its terminal closed) before it has reaped the program,
# and then reports no status at all; the line on the screen is certain.
# Non-interactive bash waits for its child through a Ctrl-C and goes on
# when the child handled it.
start_shell_status() {
    name=$1
    shift
    T -f /dev/null new-session -d -s "$name" -x 100 -y 40 \
        "cd '$OV_TMP/work' && exec bash -c \"env HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' \
         XDG_CONFIG_HOME='$XDG_CONFIG_HOME' TERM=screen LC_ALL=${OV_LOCALE:-C.UTF-8} $OV $*; echo exit status \\\$?; exec sleep 600\""
    T set-option -t "$name" remain-on-exit on >/dev/null
}

screen() { T capture-pane -p -t "$1"; }

# keys NAME KEY...: named keys (Enter, C-c, Up); never text
keys() {
    name=$1
    shift
    T send-keys -t "$name" "$@"
}

# type_text NAME TEXT: literal text (so "end" is not the End key)
type_text() { T send-keys -t "$1" -l "$2"; }

# line NAME TEXT: literal text then Enter
line() {
    type_text "$1" "$2"
    keys "$1" Enter
}

# wait_for NAME ERE [SECONDS]: true once the screen matches ERE
wait_for() {
    limit=$(( ${3:-5} * 20 ))
    i=0
    while [ $i -lt $limit ]; do
        if screen "$1" | grep -Eq -- "$2"; then return 0; fi
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

# wait_prompt NAME [SECONDS]: true once the last line in use is a bare
# prompt, so that text typed next is not echoed while a statement runs
wait_prompt() {
    limit=$(( ${2:-5} * 20 ))
    i=0
    while [ $i -lt $limit ]; do
        if screen "$1" | sed '/^$/d' | tail -n 1 | grep -Eq '^ov>$'; then
            return 0
        fi
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

# dead_status NAME: the exit status of the program in the dead window, or
# "signal N"; tmux marks a pane dead when its terminal closes and learns
# the status when it reaps the process, a moment later on a loaded machine
dead_status() {
    i=0
    while [ $i -lt 100 ]; do
        st=$(T display-message -p -t "$1" '#{pane_dead_status}')
        sig=$(T display-message -p -t "$1" '#{pane_dead_signal}')
        if [ -n "$st" ]; then echo "$st"; return; fi
        if [ -n "$sig" ]; then echo "signal $sig"; return; fi
        sleep 0.05
        i=$((i + 1))
    done
    echo "unknown"
}

# count_lines NAME ERE: how many screen lines match ERE
count_lines() { screen "$1" | grep -Ec -- "$2" || true; }

ok() {
    tpass=$((tpass + 1))
    echo "PASS: $1"
}

bad() {
    tfail=$((tfail + 1))
    echo "FAIL: $1"
    echo "    screen was:"
    screen "$2" | sed 's/^/    | /'
}

# expect NAME DESCRIPTION ERE [SECONDS]
expect() {
    if wait_for "$1" "$3" "${4:-5}"; then ok "$2"; else bad "$2" "$1"; fi
}

# pane_dead NAME [SECONDS]: true once the program in the window has exited
pane_dead() {
    i=0
    while [ $i -lt $(( ${2:-5} * 20 )) ]; do
        [ "$(T display-message -p -t "$1" '#{pane_dead}')" = 1 ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# expect_interrupt NAME WHAT: Ctrl-C, then "interrupted" and a fresh prompt
# within a second; the time taken goes in the PASS line
expect_interrupt() {
    t0=$(now_ms)
    keys "$1" C-c
    if wait_for "$1" '^interrupted$' 1 && wait_for "$1" '^ov>$' 1; then
        ok "$2: back at the prompt in $(( $(now_ms) - t0 )) ms"
    else
        bad "$2 within a second" "$1"
    fi
}

tty_summary() {
    echo "$tpass passed, $tfail failed"
    [ $tfail = 0 ]
}
