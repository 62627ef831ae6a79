#!/bin/sh
# run.sh - the Lua module as a user gets it: `make install` into a
# temporary directory (DESTDIR), then each tests/luamod/NAME.lua run by the
# stock lua5.4 with LUA_CPATH pointing into that directory, in a fresh
# directory holding `data` (tests/data); stdout compared exactly with
# NAME.out, stderr must be empty. Skips (77) without lua5.4 (Debian
# package lua5.4) or when oversight.so is built with a sanitizer, whose
# runtime lua5.4 has not loaded.
set -u
LUA=${LUA:-lua5.4}
src=${OV_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${OV_BUILDDIR:-$src}

if ! command -v "$LUA" >/dev/null 2>&1; then
    echo "SKIP: no $LUA (apt-get install lua5.4)"
    exit 77
fi
case $(ldd "$build/src/lua/oversight.so" 2>/dev/null) in
*libasan* | *libubsan*)
    echo "SKIP: oversight.so is built with a sanitizer"
    exit 77
    ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ov-luamod.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# a make of its own: not the jobserver of the make check that runs us
if ! (unset MAKEFLAGS MFLAGS MAKELEVEL; ${MAKE:-make} -C "$build" install \
    DESTDIR="$tmp/root") >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    echo "FAIL: make install DESTDIR=$tmp/root"
    exit 1
fi
so=$(find "$tmp/root" -name oversight.so)
case $so in
*/lua/5.4/oversight.so) echo "PASS: make install put $(echo "$so" | sed "s|^$tmp/root||")" ;;
*)
    echo "FAIL: make install put no oversight.so in a lua/5.4 directory: '$so'"
    exit 1
    ;;
esac

pass=0
fail=0
for f in "$src"/tests/luamod/*.lua; do
    name=$(basename "$f" .lua)
    w=$tmp/work.$name
    mkdir -p "$w"
    ln -s "$src/tests/data" "$w/data"
    (cd "$w" && LUA_CPATH_5_4="$(dirname "$so")/?.so" LUA_PATH_5_4="" \
        LC_ALL=C.UTF-8 "$LUA" "$f" >stdout 2>stderr; echo $? >status)
    if diff -u "$src/tests/luamod/$name.out" "$w/stdout" >"$w/diff" &&
        [ ! -s "$w/stderr" ] && [ "$(cat "$w/status")" = 0 ]; then
        pass=$((pass + 1))
        echo "PASS: $name"
    else
        fail=$((fail + 1))
        echo "FAIL: $name (exit status $(cat "$w/status"))"
        sed 's/^/    /' "$w/diff" "$w/stderr"
    fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
