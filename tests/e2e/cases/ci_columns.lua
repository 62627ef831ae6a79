-- Interval columns in a table (issue 15): ci_lo/ci_hi of a figure in agg
-- and mutate, the same numbers ci() gives for the figure alone
t = example()
g = t:group_by("force"):agg{
    n = "count()",
    p = "pct(outcome == 'Referred to misconduct proceedings')",
    lo = "ci_lo(pct(outcome == 'Referred to misconduct proceedings'))",
    hi = "ci_hi(pct(outcome == 'Referred to misconduct proceedings'))",
    hi998 = "ci_hi(pct(outcome == 'Referred to misconduct proceedings'), 0.998)" }
print(g:select("force", "n", "p", "lo", "hi", "hi998"))
print(ci(pct(1, 6)))
print(g[1].lo == select(1, ci(g[1].p)), g[1].hi == select(2, ci(g[1].p)))
r = new_table{ force = {"A", "B"}, complaints = {9, 40}, officers = {2100, 5200} }
print(r:mutate{ per_1000 = "rate(complaints, officers, 1000)",
                lo = "ci_lo(rate(complaints, officers, 1000))",
                hi = "ci_hi(rate(complaints, officers, 1000))" })
print(ci(rate(9, 2100, 1000)))
print(pcall(t.mutate, t, { x = "ci_lo(officer_age)" }))
print(pcall(t.mutate, t, { x = "ci_lo(pct(officer_age, 100), 1.5)" }))
