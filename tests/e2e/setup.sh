# setup.sh - sourced by the test drivers (jq's tests/setup pattern): strict
# shell, the C locale with UTF-8 characters (C.UTF-8: tables are drawn with
# box drawing and "×", as a user's UTF-8 terminal shows them; the cases that
# test LANG=C's ASCII set it themselves), a private temporary directory removed on exit, a private
# HOME so tests never touch the user's history, and the binary under test.
set -eu
LC_ALL=C.UTF-8
export LC_ALL
unset LANG LANGUAGE 2>/dev/null || true

: "${OVERSIGHT:?OVERSIGHT must name the oversight binary (make check sets it)}"
: "${OV_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${OV_SHARED_DATA:=$OV_SRCDIR/../shared/data}"
export OV_SRCDIR OV_SHARED_DATA

OV_TMP=$(mktemp -d "${TMPDIR:-/tmp}/oversight-test.XXXXXX")
trap 'rm -rf "$OV_TMP"' EXIT INT TERM
HOME=$OV_TMP/home
XDG_STATE_HOME=$OV_TMP/state
XDG_CONFIG_HOME=$OV_TMP/config
mkdir -p "$HOME" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME"
export HOME XDG_STATE_HOME XDG_CONFIG_HOME
COLUMNS=80
export COLUMNS

# OV runs the binary, under valgrind when configured with --enable-valgrind:
# any memory error or definite leak is printed (so the case's stderr no
# longer matches) and makes the exit status 99. Blocks still reachable, or
# "possibly lost" through interior pointers, when a closed pipe ends the
# program early are not leaks and are not shown.
if [ -n "${OV_VALGRIND:-}" ]; then
    OV="$OV_VALGRIND -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite $OVERSIGHT"
else
    OV=$OVERSIGHT
fi
export OV

# have_shared: true when ../shared/data is present (tests skip otherwise)
have_shared() {
    [ -d "$OV_SHARED_DATA" ]
}
