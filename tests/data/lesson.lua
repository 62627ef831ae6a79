-- A first lesson: of ten allegations, how many were referred to
-- misconduct proceedings, and what share is that?
t = example()

-- Count each outcome
t:freq("outcome")

-- Two of ten: the share, worked out
x = pct(2, 10)
explain(x)
