-- crosstab percentages with their counts beside them (counts = true): the
-- cells stay percentages (CSV writes the percentage alone); counts without
-- pct is refused with what to write
t = example()
c = t:crosstab("force", "year", { pct = "row", counts = true })
print(c)
print(c[1]["2020"])
ov.display{ mode = "csv" }
print(c)
ov.display{ mode = "auto" }
print(pcall(t.crosstab, t, "force", "year", { counts = true }))
