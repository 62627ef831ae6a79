-- Cells of percentage and rate columns are figures (issue 15): they print
-- as before inside tables, and on their own as figures that explain() and
-- check() take; comparisons with numbers work; files keep plain numbers.
t = load_csv("data/complaints.csv")
f = t:freq("force")
print(f)
print(f[1].pct, f[1].pct.value, f[1].pct.part, f[1].pct.whole)
explain(f[1].pct)
print(check("three in five", f[1].pct))
-- comparisons: <, <= and > with a number are exact; == with a number is
-- Lua's own (a figure is not a number), so compare .value or a figure
print(f[1].pct > 50, f[1].pct < 50, f[2].pct <= 20, f[2].pct >= 20)
print(f[1].pct == 60, f[1].pct.value == 60, f[1].pct == pct(6, 10))
-- arithmetic gives plain numbers
print(f[1].pct + 1, f[1].pct / 2, 100 - f[1].pct, f[1].pct:round(0))
print(t:crosstab("force", "year", { pct = "row" })[1]["2020"])

-- rates: row by row in mutate, over aggregates in agg
officers = new_table{
    { "force", { "Essex Police", "Kent Police", "Norfolk Constabulary" } },
    { "officers", { 3716, 3556, 0 } },
}
g = t:group_by("force"):agg{
    complaints = "count()",
    referred = "pct(outcome == 'Referred to misconduct proceedings')",
}:join(officers, "force")
r = g:mutate{ per_1000 = "rate(complaints, officers, 1000)",
                    share = "pct(complaints, officers)" }
print(r)
print(r[1].per_1000, r[1].per_1000.per)
explain(r[1].per_1000)
print(r[3].per_1000) -- a whole of 0: no rate, a missing value
for i, row in r:rows() do print(i, row.force, row.per_1000, row.share, row.referred) end
print(r:col("per_1000")[2] > 0.5, r:col("share")[1])
a = t:agg{ n = "count()", per_1000_years = "rate(count(), sum(officer_age), 1000)" }
print(a)
explain(a[1].per_1000_years)

-- a figure cell used as a value: in where{} and new_table{}
print(#r:where{ share = r[1].share })
print(new_table{ { "x", { r[1].share, r[2].per_1000 } } })

-- files keep the plain numbers
r:write("rates.csv")
for line in io.lines("rates.csv") do print(line) end

-- a whole of 0 leaves that row missing, and the table's provenance says so
z = new_table{ { "unit", { "A", "B" } }, { "n", { 3, 4 } }, { "officers", { 100, 0 } } }
z = z:mutate{ r = "rate(n, officers)" }
print(z)
print(z:provenance())
