# docs/uncertainty.md: every ```lua block runs in one session and prints the
# ```text block under it, exactly, so the numbers in the page are real.
"${PYTHON3:-python3}" "$OV_SRCDIR/tests/e2e/tutorial.py" "$OVERSIGHT" "$OV_SRCDIR/docs/uncertainty.md"
