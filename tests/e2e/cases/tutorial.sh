# docs/tutorial.md and docs/small-numbers.md: every ```lua block runs in
# one session and prints the ```text block under it, exactly; and each
# lesson of lessons/ runs to the end under --step.
# (the count of blocks depends on whether ../shared/data is there: the
# blocks on it are skipped when it is not, so only the verdict is compared)
"${PYTHON3:-python3}" "$OV_SRCDIR/tests/e2e/tutorial.py" "$OVERSIGHT" "$OV_SRCDIR/docs/tutorial.md" >tutorial.out
status=$?
sed -n 's/^[0-9]* code blocks run, [0-9]* outputs compared: \([^;]*\).*/tutorial.md: \1/p' tutorial.out
[ $status = 0 ] || cat tutorial.out
"${PYTHON3:-python3}" "$OV_SRCDIR/tests/e2e/tutorial.py" "$OVERSIGHT" "$OV_SRCDIR/docs/small-numbers.md" >small.out
status=$?
sed -n 's/^[0-9]* code blocks run, [0-9]* outputs compared: \([^;]*\).*/small-numbers.md: \1/p' small.out
[ $status = 0 ] || cat small.out
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
