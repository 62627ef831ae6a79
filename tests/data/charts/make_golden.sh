#!/bin/sh
# make_golden.sh - writes the golden SVG charts of golden.lua into this
# folder. Run after a deliberate change to how charts are drawn, look at
# the pictures, and commit them:  OVERSIGHT=src/oversight tests/data/charts/make_golden.sh
set -e
: "${OVERSIGHT:?OVERSIGHT must name the oversight binary}"
bin=$(cd "$(dirname "$OVERSIGHT")" && pwd)/$(basename "$OVERSIGHT")
cd "$(dirname "$0")"
"$bin" -q golden.lua
ls *.svg
