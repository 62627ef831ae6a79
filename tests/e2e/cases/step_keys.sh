# --step from a pipe: a line per step; b goes back a step; with -i the
# lines after the lesson are read as at the prompt (issue 18, item 19)
cp "$OV_SRCDIR/tests/data/lesson.lua" lesson.lua
printf '\nb\n\nq\nprint(#t)\n' | $OV -q -i --step lesson.lua
