#!/bin/sh
# run.sh - end-to-end tests: drive the built binary on scripts and compare
# exact output. Case kinds, in tests/e2e/cases:
#   NAME.lua   run twice: as a batch script (oversight NAME.lua) and through
#              the interactive path (oversight -i < NAME.lua)
#   NAME.repl  the interactive path only (expressions print their value)
#   NAME.sh    a shell snippet using $OV, for command-line behaviour
# Expected results: NAME.out (stdout), NAME.err (stderr, default empty),
# NAME.status (exit status, default 0). A path-specific file wins for .lua
# cases: NAME.batch.out, NAME.repl.err, ... NAME.needs lists what the case
# needs ("shared", "sqlite3", "python3", "scipy", "groff", "xmllint", "openpyxl", "plain-memory": not
# under valgrind or ASan, whose own memory would be measured; "kernel-walls":
# a kernel with Landlock, not under valgrind); the case is skipped without it.
# Each case runs in a fresh directory holding `data` (tests/data) and
# `shared` (../shared/data, when present) so scripts use short paths.
# Prints one line per run and ends with "N passed, N failed". With
# OV_E2E_UPDATE=1 a failing case's expectations are rewritten from the run.
. "$(dirname "$0")/setup.sh"

cases=$OV_SRCDIR/tests/e2e/cases
pass=0
fail=0
skip=0
only=${1:-}

# OV_E2E_JOBS=N (N > 1): N runs of this script at once, run k taking the
# cases k, k + N, k + 2N, ... of the list, their reports printed one after
# the other with the totals (CI's run under valgrind, on 2 cores)
jobs=${OV_E2E_JOBS:-1}
shard=${OV_E2E_SHARD:-}
if [ "$jobs" -gt 1 ] && [ -z "$shard" ]; then
    k=0
    pids=""
    while [ $k -lt "$jobs" ]; do
        OV_E2E_SHARD=$k OV_E2E_JOBS=$jobs sh "$0" "$@" >"$OV_TMP/shard.$k" 2>&1 &
        pids="$pids $!"
        k=$((k + 1))
    done
    status=0
    for pid in $pids; do
        wait "$pid" || status=1
    done
    k=0
    while [ $k -lt "$jobs" ]; do
        grep -vE '^[0-9]+ (passed|skipped)' "$OV_TMP/shard.$k" || true
        # "P passed, F failed" and "S skipped" of each run, summed
        eval "$(awk '/^[0-9]+ passed, [0-9]+ failed$/ { print "pass=$((pass + " $1 ")); fail=$((fail + " $3 "))" }
            /^[0-9]+ skipped$/ { print "skip=$((skip + " $1 "))" }' "$OV_TMP/shard.$k")"
        k=$((k + 1))
    done
    [ $skip = 0 ] || echo "$skip skipped"
    echo "$pass passed, $fail failed"
    [ $status = 0 ] && [ $fail = 0 ]
    exit
fi
index=-1

# expected FILE for a case and path: NAME.PATH.EXT, else NAME.EXT, else $3
expected() {
    if [ -f "$cases/$1.$2.$3" ]; then
        cat "$cases/$1.$2.$3"
    elif [ -f "$cases/$1.$3" ]; then
        cat "$cases/$1.$3"
    else
        printf '%s' "$4"
    fi
}

needs_met() {
    [ -f "$cases/$1.needs" ] || return 0
    for need in $(cat "$cases/$1.needs"); do
        case $need in
        shared) have_shared || return 1 ;;
        sqlite3) command -v "${SQLITE3:-sqlite3}" >/dev/null 2>&1 || return 1 ;;
        python3) command -v "${PYTHON3:-python3}" >/dev/null 2>&1 || return 1 ;;
        groff) command -v groff >/dev/null 2>&1 || return 1 ;;
        # an XML checker for the charts' SVG (libxml2-utils)
        xmllint) command -v xmllint >/dev/null 2>&1 || return 1 ;;
        # an independent reference for the statistics (python3-scipy, -statsmodels)
        scipy) "${PYTHON3:-python3}" -c 'import scipy, statsmodels' 2>/dev/null ||
            return 1 ;;
        # a second reader of spreadsheets (python3-pandas, -odf, -openpyxl, -xlrd)
        pandas) "${PYTHON3:-python3}" -c 'import pandas, odf, openpyxl, xlrd' 2>/dev/null ||
            return 1 ;;
        # a reader of .xlsx independent of oversight (python3-openpyxl)
        openpyxl) "${PYTHON3:-python3}" -c 'import openpyxl' 2>/dev/null || return 1 ;;
        # the kernel's walls: Landlock in the kernel (asked directly, not
        # through oversight), and not under valgrind, which cannot run them
        kernel-walls)
            [ -z "${OV_VALGRIND:-}" ] || return 1
            "${PYTHON3:-python3}" -c 'import ctypes, sys
sys.exit(0 if ctypes.CDLL(None, use_errno=True).syscall(444, None, 0, 1) > 0 else 1)' \
                2>/dev/null || return 1 ;;
        # memory measured as the kernel sees it: not under valgrind or ASan
        plain-memory)
            [ -z "${OV_VALGRIND:-}" ] || return 1
            case $(ldd "$OVERSIGHT" 2>/dev/null) in *libasan*) return 1 ;; esac ;;
        *) echo "unknown need '$need' in $1.needs" >&2; return 1 ;;
        esac
    done
    return 0
}

workdir() {
    w=$OV_TMP/work.$1.$2
    rm -rf "$w"
    mkdir -p "$w"
    ln -s "$OV_SRCDIR/tests/data" "$w/data"
    if have_shared; then ln -s "$OV_SHARED_DATA" "$w/shared"; fi
    echo "$w"
}

# check NAME PATH: compare $w/stdout, $w/stderr, $w/status with expectations
check() {
    name=$1 path=$2
    ok=1
    expected "$name" "$path" out "" >"$w/want.out"
    expected "$name" "$path" err "" >"$w/want.err"
    want_status=$(expected "$name" "$path" status 0)
    if ! diff -u "$w/want.out" "$w/stdout" >"$w/diff.out"; then ok=0; fi
    if ! diff -u "$w/want.err" "$w/stderr" >"$w/diff.err"; then ok=0; fi
    got_status=$(cat "$w/status")
    if [ "$got_status" != "$want_status" ]; then ok=0; fi
    if [ $ok = 1 ]; then
        pass=$((pass + 1))
        echo "PASS: $name ($path)"
    else
        fail=$((fail + 1))
        echo "FAIL: $name ($path)"
        sed 's/^/    /' "$w/diff.out" "$w/diff.err"
        [ "$got_status" = "$want_status" ] ||
            echo "    exit status $got_status, expected $want_status"
        [ -z "${OV_E2E_UPDATE:-}" ] || update "$name" "$path"
    fi
}

# update NAME PATH (OV_E2E_UPDATE=1, for a developer who has read the
# diffs above): the expectations become what the run printed, in the
# path-specific file where the case has one; review with git diff
update() {
    for ext in out err status; do
        got=$w/stdout
        [ $ext = err ] && got=$w/stderr
        [ $ext = status ] && got=$w/status
        target=$cases/$1.$ext
        [ -f "$cases/$1.$2.$ext" ] && target=$cases/$1.$2.$ext
        if [ $ext = status ] && [ "$(cat "$got")" = 0 ] && [ ! -f "$target" ]; then
            continue
        fi
        if [ $ext != status ] && [ ! -s "$got" ] && [ ! -f "$target" ]; then
            continue
        fi
        cp "$got" "$target"
        echo "    updated $(basename "$target")"
    done
}

for f in "$cases"/*.lua "$cases"/*.repl "$cases"/*.sh; do
    [ -f "$f" ] || continue
    index=$((index + 1))
    [ -z "$shard" ] || [ $((index % jobs)) = "$shard" ] || continue
    base=$(basename "$f")
    name=${base%.*}
    kind=${base##*.}
    if [ -n "$only" ] && [ "$name" != "$only" ]; then continue; fi
    if ! needs_met "$name"; then
        skip=$((skip + 1))
        echo "SKIP: $name (needs $(cat "$cases/$name.needs"))"
        continue
    fi
    case $kind in
    lua)
        w=$(workdir "$name" batch)
        cp "$f" "$w/$base"
        (cd "$w" && set +e; $OV "$base" >stdout 2>stderr; echo $? >status)
        check "$name" batch
        w=$(workdir "$name" repl)
        (cd "$w" && set +e; $OV -i <"$f" >stdout 2>stderr; echo $? >status)
        check "$name" repl
        ;;
    repl)
        w=$(workdir "$name" repl)
        (cd "$w" && set +e; $OV -i <"$f" >stdout 2>stderr; echo $? >status)
        check "$name" repl
        ;;
    sh)
        w=$(workdir "$name" sh)
        (cd "$w" && set +e; sh "$f" >stdout 2>stderr; echo $? >status)
        check "$name" sh
        ;;
    esac
done

[ $skip = 0 ] || echo "$skip skipped"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
