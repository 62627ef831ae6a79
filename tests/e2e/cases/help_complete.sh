# help() covers the whole surface: every global, method and ov.* function
# has an entry, and every entry's example runs (see the script).
set -e
$OV "$OV_SRCDIR/tests/e2e/lua/help_complete.lua" report.txt >/dev/null
cat report.txt
