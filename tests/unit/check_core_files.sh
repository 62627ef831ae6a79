#!/bin/sh
# The engine suites that read every real file (loader, fast path, torture,
# fuzz regressions, workbooks): half of check_core, run by
# make check beside the other half (check_core_units.sh).
exec "${OV_BUILDDIR:-.}/tests/unit/check_core" files
