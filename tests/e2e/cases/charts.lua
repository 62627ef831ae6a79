-- Charts in the terminal, drawn exactly: bars in eighth blocks and in
-- ASCII, a crosstab stacked and grouped, lines in braille with a gap for
-- a missing value, a funnel with its limits; and the refusals.
t = example()
f = t:freq("outcome")
chart(f, { width = 60, ascii = false })
f:chart{ width = 60, ascii = true, y = "pct", title = "Outcomes (%)" }
ct = t:crosstab("force", "outcome")
chart(ct, { kind = "stacked", width = 70, ascii = false })
chart(ct:select("force", "No further action", "Not upheld"),
      { kind = "grouped", width = 60, ascii = false })
y = new_table{
    year = { 2019, 2020, 2021, 2022, 2023, 2019, 2020, 2021, 2022, 2023 },
    force = { "A", "A", "A", "A", "A", "B", "B", "B", "B", "B" },
    n = { 1200, 1500, nil, 1800, 2100, 800, 950, 1000, 1200, 1250, n = 10 },
}
chart(y, { kind = "line", x = "year", by = "force", width = 60, height = 12, ascii = false })
chart(y, { kind = "line", x = "year", by = "force", width = 60, height = 10, ascii = true })
u = new_table{
    force = { "Tiny", "Mid", "Large", "Huge", "High", "Low" },
    cases = { 1, 12, 150, 5000, 60, 20 },
    officers = { 10, 400, 3000, 147430, 400, 3000 },
}
fun = funnel(u, { part = "cases", whole = "officers", label = "force" })
chart(fun, { width = 70, height = 16, ascii = false, xlabel = "officers" })
print(chart(f, { text = true, width = 40, ascii = true }))

-- refusals
print(pcall(chart, t, { y = "force" }))
print(pcall(chart, t:where("year > 3000"), {}))
print(pcall(chart, f, { file = "x.jpg" }))
print(pcall(chart, f, { kind = "pie" }))
print(pcall(chart, f, { colour = "red" }))
print(pcall(chart, t, { kind = "funnel" }))
-- 100,000 rows: the first 60 drawn, and a note says so
units, ns = {}, {}
for i = 1, 100000 do units[i] = "u" .. i; ns[i] = i % 7 end
chart(new_table{ unit = units, cases = ns }, { width = 30, ascii = true })
