# docs/tutorial.md and docs/small-numbers.md: every ```lua block runs in
# one session and prints the ```text block under it, exactly; and each
# lesson of lessons/ runs to the end under --step.
"${PYTHON3:-python3}" "$OV_SRCDIR/tests/e2e/tutorial.py" "$OVERSIGHT" "$OV_SRCDIR/docs/tutorial.md"
"${PYTHON3:-python3}" "$OV_SRCDIR/tests/e2e/tutorial.py" "$OVERSIGHT" "$OV_SRCDIR/docs/small-numbers.md"
for lesson in "$OV_SRCDIR"/lessons/*.lua; do
    yes "" | head -50 | $OV --step "$lesson" >step.out 2>step.err
    status=$?
    if [ $status = 0 ] && [ ! -s step.err ] && grep -q "the end of the lesson" step.out; then
        echo "$(basename "$lesson"): runs to the end"
    else
        echo "$(basename "$lesson"): FAILED (exit $status)"
        cat step.err
    fi
done
