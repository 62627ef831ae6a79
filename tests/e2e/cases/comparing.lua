-- Comparison tests as a user sees them: chisq on two columns and on a
-- crosstab, Fisher's exact p for a 2x2, funnel limits with exact binomial
-- limits for small denominators, and the refusals.
t = example()
r = t:chisq("force", "outcome")
print(r)
print(r.df, r.n, r.dropped)
print(r.warning)
print(r.expected)
print(t:crosstab("force", "year"):chisq())

-- a 2x2 with a missing value, and a zero cell
w = new_table{
    unit = { "A", "A", "A", "A", "B", "B", "B", "B", "B", "B", "A" },
    upheld = { "yes", "yes", "yes", "yes", "no", "no", "no", "no", "no", "yes", nil, n = 11 },
}
c = w:chisq("unit", "upheld")
print(c)
print(string.format("%.6f %.6f %d", c.statistic, c.fisher_p, c.dropped))
print(c.residuals)

-- a funnel: one unit of 1, one with none of 40, one with all of 40
f = new_table{
    force = { "Tiny", "None", "All", "Mid", "Large", "Huge" },
    cases = { 1, 0, 40, 12, 150, 5000 },
    officers = { 1, 40, 40, 400, 3000, 147430 },
}
fun, s = funnel(f, { part = "cases", whole = "officers", label = "force" })
print(fun:select("label", "value", "lo95", "hi95", "lo998", "hi998", "method"))
print(fun:select("label", "z", "flag95", "flag998"))
print(s)
print(string.format("target %.6f phi %.4f", s.target, s.phi), s.outside95, s.outside998,
      s.outside95_adjusted, s.outside998_adjusted, s.n_units)
_, g = funnel(f, { part = "cases", whole = "officers", label = "force", target = 3.5,
                         level = { 0.9, 0.99 } })
print(g)

-- refusals name the row and the column
bad = new_table{ force = { "A", "B" }, cases = { 3, 9 }, officers = { 10, 0 } }
print(pcall(funnel, bad, { part = "cases", whole = "officers", label = "force" }))
print(pcall(funnel, new_table{ force = { "A" }, cases = { 5 }, officers = { 4 } },
            { part = "cases", whole = "officers", label = "force" }))
print(pcall(funnel, f, { part = "cases", label = "force" }))
print(pcall(t.chisq, t))
