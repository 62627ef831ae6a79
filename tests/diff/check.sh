#!/bin/sh
# check.sh - the differential tester's short run under make check: seed 1,
# 300 queries on tables of at most 5,000 rows, every answer compared with
# sqlite3's (tests/diff/README.md). Skipped (77) without python3 and its
# sqlite3 module. A failure leaves its repro in tests/diff-repro/.
: "${OVERSIGHT:?OVERSIGHT must name the oversight binary (make check sets it)}"
: "${OV_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
py=${PYTHON3:-python3}
command -v "$py" >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
"$py" -c 'import sqlite3' 2>/dev/null || { echo "SKIP: python3 has no sqlite3 module"; exit 77; }
LC_ALL=C
export LC_ALL
exec "$py" "$OV_SRCDIR/tests/diff/run" --oversight "$OVERSIGHT" --seed 1 --queries 300 \
    --batch 50 --small --max-join-rows 20000 --shrink-seconds 60 --out "${OV_BUILDDIR:-.}/tests/diff-repro"
