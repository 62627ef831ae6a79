#!/bin/sh
# The engine suites other than check_core_files.sh's: the other half of
# check_core, run by make check beside it.
exec "${OV_BUILDDIR:-.}/tests/unit/check_core" units
