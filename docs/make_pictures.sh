#!/bin/sh
# make_pictures.sh - redraws docs/outcomes.svg and docs/funnel.svg with the
# oversight built here (or $OVERSIGHT). Look at them before committing
# (rsvg-convert x.svg -o x.png).
set -e
bin=${OVERSIGHT:-$(dirname "$0")/../src/oversight}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
cd "$(dirname "$0")"
"$bin" -q make_pictures.lua
ls -l outcomes.svg funnel.svg
