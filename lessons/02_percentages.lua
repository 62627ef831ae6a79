-- Lesson 2: a percentage is a part of a whole.
-- 7 allegations referred to misconduct proceedings, of 3,787.
x = pct(7, 3787)
x

-- The arithmetic, and the rounding, step by step.
explain(x)

-- The same part on different wholes gives different figures.
pct(7, 1048), pct(7, 1778), pct(7, 4133)

-- A change, and the difference between two percentages.
change(67732, 75020)
explain(pp(92, 91))
